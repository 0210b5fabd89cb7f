import { maskAccountRef, maskAddress, maskAmountToBand, maskDateToMonth, maskDateToYear, maskIdentityNumber, maskName, applyMask } from "../../src/policy";

describe("masks", () => {
  it("identity number keeps the area code and the last four", () => {
    expect(maskIdentityNumber("50011219900101123X")).toBe("500112********123X");
    expect(maskIdentityNumber("123")).toBe("***");
  });
  it("name keeps the first character, and the last from three characters on", () => {
    expect(maskName("张小明")).toBe("张*明");
    expect(maskName("张明")).toBe("张*");
    expect(maskName("欧阳小明")).toBe("欧**明");
    expect(maskName("张")).toBe("*");
  });
  it("dates to the month or year", () => {
    expect(maskDateToMonth("1968-04-12")).toBe("1968-04");
    expect(maskDateToYear("1968-04-12")).toBe("1968");
  });
  it("amounts round down to their band", () => {
    expect(maskAmountToBand(123_456, 50_000)).toBe(100_000);
    expect(maskAmountToBand(49_999, 50_000)).toBe(0);
    expect(maskAmountToBand(150_000, 50_000)).toBe(150_000);
  });
  it("account references keep the last four", () => {
    expect(maskAccountRef("6228480012345678")).toBe("****5678");
    expect(maskAccountRef("6228****1234")).toBe("****1234");
  });
  it("addresses keep the district", () => {
    expect(maskAddress("重庆市渝中区解放碑街道1号")).toBe("重庆市渝中区****");
    expect(maskAddress("四川省成都市锦江区春熙路街道1号")).toBe("四川省成都市锦江区****");
    expect(maskAddress("某地")).toBe("某地****");
  });
  it("applyMask leaves null alone and maps lists", () => {
    expect(applyMask(null, { kind: "name" })).toBeNull();
    expect(applyMask(["张小明", "李四"], { kind: "name" })).toEqual(["张*明", "李*"]);
    expect(applyMask("not a number", { kind: "amountBand", band: 10 })).toBeNull();
  });
});

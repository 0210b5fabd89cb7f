import { composeIdentityNumber, parseIdentityNumber, birthDateOf, genderOf, checkCharacter } from "../../src/identity";

describe("parseIdentityNumber (GB 11643)", () => {
  const today = new Date("2026-11-22T00:00:00Z");

  it("accepts the standard's worked example and normalises a lower-case x", () => {
    expect(parseIdentityNumber("11010519491231002X", today)).toEqual({ ok: true, value: "11010519491231002X" });
    expect(parseIdentityNumber("11010519491231002x", today)).toEqual({ ok: true, value: "11010519491231002X" });
  });

  it("computes the MOD 11-2 check character by hand", () => {
    // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → "X"
    expect(checkCharacter("11010519491231002")).toBe("X");
  });

  it.each([
    ["1101051949123100", "length"],
    ["11010519491231002XX", "length"],
    ["1101051949123100AX", "format"],
    ["99010519491231002X", "area"],
    ["500100199001011234", "area"],
    ["110105194902301234", "birth date"],
    ["110105189912311234", "birth date"],
    ["110105203001011234", "birth date"],
    ["110105194912310021", "check character"],
  ])("rejects %s (%s)", (raw, problem) => {
    const result = parseIdentityNumber(raw, today);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toBe(problem);
  });

  it("keeps a pre-1997 Chongqing 5102xx number valid (numbers never change)", () => {
    const id = composeIdentityNumber("510218", "1985-06-15", "FEMALE", 42);
    expect(parseIdentityNumber(id, today).ok).toBe(true);
  });

  it.each([
    ["810000", "Hong Kong"],
    ["820000", "Macao"],
    ["830000", "Taiwan"],
  ])("accepts a residence-permit number with area %s (%s residents)", (area) => {
    const first17 = `${area}19880512003`;
    const id = first17 + checkCharacter(first17);
    expect(parseIdentityNumber(id, today)).toEqual({ ok: true, value: id });
    // …and still checks the rest of it.
    expect(parseIdentityNumber(first17 + (checkCharacter(first17) === "1" ? "2" : "1"), today)).toMatchObject({ ok: false, problem: "check character" });
  });

  it("keeps refusing other whole-province codes (810100, 840000, 110000 are no permit areas)", () => {
    for (const area of ["810100", "840000", "110000"]) {
      const first17 = `${area}19880512003`;
      expect(parseIdentityNumber(first17 + checkCharacter(first17), today)).toMatchObject({ ok: false, problem: "area" });
    }
  });

  it("composes numbers whose birth date and gender read back", () => {
    const male = composeIdentityNumber("500103", "1962-02-28", "MALE", 10);
    expect(birthDateOf(male)).toBe("1962-02-28");
    expect(genderOf(male)).toBe("MALE");
    const female = composeIdentityNumber("510104", "2001-12-31", "FEMALE", 11);
    expect(genderOf(female)).toBe("FEMALE");
    expect(parseIdentityNumber(female, today).ok).toBe(true);
  });
});

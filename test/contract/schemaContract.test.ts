import fs from "node:fs";
import path from "node:path";
import { buildSchema as buildSdl, isNonNullType, isObjectType } from "graphql";
import { printGatewaySdl } from "../../src/server";

const COMMITTED = path.resolve(__dirname, "../../schema/schema.graphql");

describe("schema contract", () => {
  it("schema/schema.graphql is the SDL printed from the code (run `npm run schema:print` after API changes)", async () => {
    expect(fs.readFileSync(COMMITTED, "utf8")).toBe(await printGatewaySdl());
  });

  it("every type and field carries a description", () => {
    const schema = buildSdl(fs.readFileSync(COMMITTED, "utf8"));
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__") || ["String", "Int", "Float", "Boolean", "ID"].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type)) for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
    }
    expect(missing).toEqual([]);
  });

  it("every item that can come from either province has region: Region!", () => {
    const schema = buildSdl(fs.readFileSync(COMMITTED, "utf8"));
    for (const name of ["HouseholdVerification", "Household"]) {
      const type = schema.getType(name);
      if (!isObjectType(type)) throw new Error(`${name} missing`);
      const region = type.getFields().region;
      expect(region && isNonNullType(region.type) && String(region.type)).toBe("Region!");
    }
  });
});

import type { DomainModule } from "../../src/context";
import { forwardedRootFieldsOf, gatewayModules } from "../../src/server";
import { openMigratedClient, type MigratedClient } from "../support/testDatabase";

describe("domains declare which root fields the other province answers", () => {
  let db: MigratedClient;
  beforeAll(async () => {
    db = await openMigratedClient();
  });
  afterAll(() => db.dispose());

  it("each module names its own forwarded fields, and the node forwards exactly those", () => {
    const modules = gatewayModules(db.prisma, "CHONGQING");
    const declared = Object.fromEntries(modules.filter((m) => m.forwardedRootFields).map((m) => [m.name, Object.keys(m.forwardedRootFields!).sort()]));
    expect(declared).toEqual({
      verification: ["householdVerification", "verificationsByIdNumber"],
      relief: ["familySearch", "familySearchForPerson", "familySearchForRecord", "missingPersonReport", "reliefRecord"],
      audit: ["subjectAccessReport"],
    });
    expect(forwardedRootFieldsOf(modules).subjectAccessReport).toEqual({ kind: "regions", defaultTo: "all" });
  });

  it("refuses a root field declared by two modules", () => {
    const twice = (name: string): DomainModule => ({ name, resolvers: [], instances: new Map(), forwardedRootFields: { reliefRecord: { kind: "id", arg: "id" } } });
    expect(() => forwardedRootFieldsOf([twice("relief"), twice("other")])).toThrow("root field reliefRecord is declared for forwarding twice (module other)");
  });
});

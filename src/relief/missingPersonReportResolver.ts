import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context";
import { MissingPersonReport } from "./missingPersonReportType";
import { ReliefRegistry } from "./reliefRegistry";
import { reportSubjects } from "./subjectsTouched";

@Resolver(() => MissingPersonReport)
export class MissingPersonReportResolver {
  constructor(private readonly registry: ReliefRegistry) {}

  @Query(() => MissingPersonReport, { nullable: true, description: "One missing-person report by id (寻亲登记), or null when there is none." })
  async missingPersonReport(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext): Promise<MissingPersonReport | null> {
    const report = await this.registry.findReport(id);
    reportSubjects(context, [report]);
    return report;
  }
}

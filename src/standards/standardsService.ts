import { currentAreaCode, regionOfArea } from "../areas";
import type { Region } from "../config";
import type { PrismaClient } from "../db";
import { badUserInput, gatewayError } from "../errors";
import type { EligibilityAssessment } from "./eligibilityAssessment";
import { EligibilityEngine } from "./eligibilityEngine";
import { validateEligibilityRequest, type EligibilityRequest } from "./eligibilityInput";
import { RuleBook } from "./eligibilityRules";
import { todayInChina } from "./calendarDate";
import { StandardsCatalogue, type StandardFigure } from "./standardsCatalogue";
import { storedRuleSets, storedStandardRows } from "./standardsSeeding";

// The standards service behind the GraphQL queries. The database (seeded, add-only, from
// prisma/standards/) is the record; it is read into memory and kept for a short while, so a newly
// seeded version shows up without a restart while an assessment costs no query.

const SNAPSHOT_TTL_MS = 60_000;
export const MAX_COMPARED_AREAS = 40;

interface Snapshot {
  catalogue: StandardsCatalogue;
  engine: EligibilityEngine;
  loadedAt: number;
}

export type AreaStandard = Omit<StandardFigure, "areaCode"> & { areaCode: string | null };

export class StandardsService {
  private snapshot?: Promise<Snapshot>;
  private reloading?: Promise<void>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** Standards in force on a date: one area's view when an area is given, else every scope of the region(s). */
  async standardsInForce(region: Region | null | undefined, areaCode: string | null | undefined, on: string | null | undefined): Promise<AreaStandard[]> {
    const { catalogue } = await this.current();
    const day = on ?? todayInChina();
    if (!areaCode) return catalogue.rowsInForce(region ?? undefined, day);
    const areaRegion = this.checkArea(areaCode, "areaCode");
    if (region && region !== areaRegion) throw badUserInput("areaCode", `${areaCode} is in ${areaRegion}, not ${region}`);
    return catalogue.figuresForArea(areaCode, day);
  }

  /** Several areas side by side, in the order asked (the unified cross-border view). */
  async compareStandards(areaCodes: readonly string[], on: string | null | undefined): Promise<AreaStandard[]> {
    this.checkAreaList(areaCodes);
    const { catalogue } = await this.current();
    const day = on ?? todayInChina();
    areaCodes.forEach((code, index) => this.checkArea(code, `areaCodes[${index}]`));
    return areaCodes.flatMap((code) => catalogue.figuresForArea(code, day));
  }

  async assess(request: EligibilityRequest): Promise<EligibilityAssessment> {
    const { engine } = await this.current();
    return engine.assess(request);
  }

  /** The same household in several areas: validated once, each area named by its own path on error. */
  async compareEligibility(request: EligibilityRequest, areaCodes: readonly string[]): Promise<EligibilityAssessment[]> {
    this.checkAreaList(areaCodes);
    validateEligibilityRequest(request);
    this.checkArea(request.areaCode, "input.areaCode");
    const { engine } = await this.current();
    return areaCodes.map((areaCode, index) => engine.assess(request, { areaCode, areaField: `areaCodes[${index}]`, validated: true }));
  }

  /** Drops the in-memory copy so the next call reads the database (after seeding a new version). */
  reload(): void {
    this.snapshot = undefined;
  }

  private checkAreaList(areaCodes: readonly string[]): void {
    if (areaCodes.length === 0) throw badUserInput("areaCodes", "name at least one area code");
    if (areaCodes.length > MAX_COMPARED_AREAS) throw badUserInput("areaCodes", `at most ${MAX_COMPARED_AREAS} areas`);
  }

  private checkArea(code: string, field: string): Region {
    const region = regionOfArea(currentAreaCode(code));
    if (!region) throw badUserInput(field, `unknown area code ${code} (a GB/T 2260 code of Chongqing or Sichuan)`);
    return region;
  }

  /**
   * The in-memory copy. The first call loads it; afterwards a stale copy keeps answering while one
   * reload runs in the background (so no request waits on it, and concurrent requests never start
   * several reloads); a failed reload keeps the copy it has.
   */
  private async current(): Promise<Snapshot> {
    if (!this.snapshot) {
      const first = this.load();
      this.snapshot = first;
      first.catch(() => {
        if (this.snapshot === first) this.snapshot = undefined;
      });
      return first;
    }
    const snapshot = await this.snapshot;
    if (this.now() - snapshot.loadedAt >= SNAPSHOT_TTL_MS && !this.reloading) {
      this.reloading = this.load()
        .then((fresh) => {
          this.snapshot = Promise.resolve(fresh);
        })
        .catch(() => undefined)
        .finally(() => {
          this.reloading = undefined;
        });
    }
    return snapshot;
  }

  private async load(): Promise<Snapshot> {
    const [rows, ruleSets] = await Promise.all([storedStandardRows(this.prisma), storedRuleSets(this.prisma)]);
    if (rows.length === 0 || ruleSets.length === 0) {
      throw gatewayError("INTERNAL_SERVER_ERROR", "assistance standards are not seeded in this node's database (seedAssistanceStandards)");
    }
    const catalogue = new StandardsCatalogue(rows);
    return { catalogue, engine: new EligibilityEngine(catalogue, new RuleBook(ruleSets.map((f) => f.rules))), loadedAt: this.now() };
  }
}

import type { ReliefDisposition } from "./reliefVocabulary";

// The disposition (去向) of a relief record as a state machine. Why these edges — the way relief
// stations work (docs/family-search-lifecycle.md has the table and the reasoning):
// - 在站救助 IN_CARE is where every record starts; from it the station may take any step.
// - 转介 TRANSFERRED splits in two. To another relief station (接力/属地救助), that station takes the
//   case over under its own record: nothing follows here. To a care institution (托养, hospital,
//   welfare home) the station keeps the case and keeps searching for the family, so the person may
//   come back to the station, be moved on, taken home, settled, leave or die from there.
// - 自行离站 LEFT_STATION: a person who walked out and is brought back keeps their record (notice,
//   DNA sample, photo), so readmission (back to IN_CARE) is the only step.
// - 落户安置 SETTLED_LOCALLY: the family search goes on after settlement; a family found later takes
//   the person home (RETURNED_HOME). Death is recorded so the search stops proposing them as alive.
// - 接送返回 RETURNED_HOME and 死亡 DECEASED are terminal. A person who wanders again is a new
//   relief episode under a new record; a mistaken step is not undone here (the history is
//   append-only; a correction procedure would be a separate, approved step).

/** Where a record is, with the kind of transfer where it matters for what may follow. */
export type DispositionState = Exclude<ReliefDisposition, "TRANSFERRED"> | "TRANSFERRED_TO_STATION" | "TRANSFERRED_TO_INSTITUTION";

/** A step an officer may ask for: the disposition, and for a transfer, where to. */
export type DispositionStep = DispositionState;

export const DISPOSITION_STATES: readonly DispositionState[] = [
  "IN_CARE",
  "RETURNED_HOME",
  "SETTLED_LOCALLY",
  "TRANSFERRED_TO_STATION",
  "TRANSFERRED_TO_INSTITUTION",
  "LEFT_STATION",
  "DECEASED",
];

const FROM_CARE: readonly DispositionStep[] = ["RETURNED_HOME", "SETTLED_LOCALLY", "TRANSFERRED_TO_STATION", "TRANSFERRED_TO_INSTITUTION", "LEFT_STATION", "DECEASED"];

const ALLOWED: Readonly<Record<DispositionState, readonly DispositionStep[]>> = {
  IN_CARE: FROM_CARE,
  // The station still holds the case: back to the station, or any step it could take from care.
  TRANSFERRED_TO_INSTITUTION: ["IN_CARE", ...FROM_CARE],
  TRANSFERRED_TO_STATION: [],
  LEFT_STATION: ["IN_CARE"],
  SETTLED_LOCALLY: ["RETURNED_HOME", "DECEASED"],
  RETURNED_HOME: [],
  DECEASED: [],
};

export function allowedSteps(from: DispositionState): readonly DispositionStep[] {
  return ALLOWED[from];
}

export function isAllowedStep(from: DispositionState, to: DispositionStep): boolean {
  return ALLOWED[from].includes(to);
}

/** A step that ends the station's care of the person (a transfer to an institution does not). */
export function endsCare(step: DispositionStep): boolean {
  return step !== "IN_CARE" && step !== "TRANSFERRED_TO_INSTITUTION";
}

export function dispositionOf(state: DispositionState): ReliefDisposition {
  return state === "TRANSFERRED_TO_STATION" || state === "TRANSFERRED_TO_INSTITUTION" ? "TRANSFERRED" : state;
}

/** The state of a record from its disposition and, for TRANSFERRED, the kind of its last transfer. */
export function stateOf(disposition: ReliefDisposition, lastTransferKind: "RELIEF_STATION" | "CARE_INSTITUTION" | null | undefined): DispositionState {
  if (disposition !== "TRANSFERRED") return disposition;
  // A record stored as TRANSFERRED without a recorded step (data from before the history existed)
  // is read as handed to another station: the conservative reading, nothing may follow it.
  return lastTransferKind === "CARE_INSTITUTION" ? "TRANSFERRED_TO_INSTITUTION" : "TRANSFERRED_TO_STATION";
}

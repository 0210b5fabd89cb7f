// The signed-in officer, held in this page's memory only: never in localStorage, sessionStorage,
// a cookie or a URL. A reload forgets it, and the officer signs in again (docs/console.md).
import { useEffect, useState } from "preact/hooks";

export interface Principal {
  sub: string;
  agency: string;
  region: "CHONGQING" | "SICHUAN";
  roles: string[];
  issuer: string;
}

/** The purpose (X-Purpose) and case reference (X-Case-Ref) the officer is working under. */
export interface WorkingCase {
  purpose: string;
  caseRef: string;
}

interface SessionState {
  token: string | null;
  principal: Principal | null;
  workingCase: WorkingCase | null;
  signOut?: () => Promise<void>;
}

let state: SessionState = { token: null, principal: null, workingCase: null };
const listeners = new Set<() => void>();

function update(change: Partial<SessionState>): void {
  state = { ...state, ...change };
  for (const listener of listeners) listener();
}

export const session = {
  get: (): SessionState => state,
  signIn(token: string, principal: Principal, signOut?: () => Promise<void>): void {
    update({ token, principal, workingCase: null, signOut });
  },
  async signOut(): Promise<void> {
    const end = state.signOut;
    update({ token: null, principal: null, workingCase: null, signOut: undefined });
    if (end) await end();
  },
  setCase(workingCase: WorkingCase | null): void {
    update({ workingCase });
  },
};

export function useSession(): SessionState {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return state;
}

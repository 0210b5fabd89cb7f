import { useState } from "preact/hooks";
import { GraphqlFailure, type GraphqlError } from "../api";

export interface Call<T> {
  loading: boolean;
  result: T | null;
  /** Errors of the last call: all of them when it failed, the partial ones (denials, peers) otherwise. */
  errors: GraphqlError[];
  run(work: () => Promise<{ data: T | null; errors: GraphqlError[] }>): Promise<T | null>;
  reset(): void;
}

/** One asynchronous GraphQL call's state, for a form or a list. */
export function useCall<T>(): Call<T> {
  const [loading, setLoading] = useState(false);
  const [result, setResult] = useState<T | null>(null);
  const [errors, setErrors] = useState<GraphqlError[]>([]);
  return {
    loading,
    result,
    errors,
    async run(work) {
      setLoading(true);
      setErrors([]);
      try {
        const answer = await work();
        setResult(answer.data);
        setErrors(answer.errors);
        return answer.data;
      } catch (error) {
        setResult(null);
        setErrors(error instanceof GraphqlFailure ? error.errors : [{ message: String(error), extensions: { code: "INTERNAL_SERVER_ERROR" } }]);
        return null;
      } finally {
        setLoading(false);
      }
    },
    reset() {
      setResult(null);
      setErrors([]);
    },
  };
}

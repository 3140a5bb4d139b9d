import { PayrailError } from '@payrail/core';
import { ajv, describeAjvErrors, type JsonSchema } from '@payrail/schemas';

export interface InputProblem {
  code: 'parameter_invalid' | 'parameter_missing' | 'parameter_unknown';
  /** The offending top-level field. */
  param: string;
  message: string;
}

/** Compiles `schema` once; the checker returns null or the first problem, naming the field at fault. */
export function inputChecker(schema: JsonSchema): ((value: unknown) => InputProblem | null) & { schema: JsonSchema } {
  const validate = ajv.compile(schema);
  // The schema travels with its checker: the OpenAPI document shows what the route validates.
  return Object.assign((value: unknown): InputProblem | null => {
    if (validate(value)) return null;
    const first = validate.errors?.[0];
    const message = describeAjvErrors(validate.errors);
    if (first?.keyword === 'required') return { code: 'parameter_missing', param: String(first.params['missingProperty']), message };
    if (first?.keyword === 'additionalProperties') return { code: 'parameter_unknown', param: String(first.params['additionalProperty']), message };
    return { code: 'parameter_invalid', param: first?.instancePath.split('/')[1] ?? '', message };
  }, { schema });
}

/** Throws the problem as a 4xx PayrailError. */
export function refuse(problem: InputProblem | null): void {
  if (problem !== null) throw new PayrailError(problem.code, problem.message, { param: problem.param });
}

// Validates a merged configuration against its schema and turns TypeBox errors into short problems:
// the field (dotted path), why it is wrong, and which layer set the value.
import type { TObject } from 'typebox';
import { Compile } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';
import { sourceOf, type ConfigLayer } from './layers.ts';

export interface ConfigProblem {
  field: string;
  reason: string;
  source?: string;
}

function pointerPath(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .split('/')
        .slice(1)
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function fieldName(path: readonly string[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

/** A union's branch errors are noise next to the union's own error; a union of constants reads best as a list. */
function unionReason(error: TLocalizedValidationError, all: readonly TLocalizedValidationError[]): string {
  const branches = all.filter(
    (other) => other.instancePath === error.instancePath && other.schemaPath.startsWith(`${error.schemaPath}/anyOf/`),
  );
  const allowed = branches.flatMap((branch) => (branch.keyword === 'const' ? [JSON.stringify(branch.params.allowedValue)] : []));
  return allowed.length === branches.length && allowed.length > 0 ? `must be one of ${allowed.join(', ')}` : error.message;
}

function problemPaths(error: TLocalizedValidationError, all: readonly TLocalizedValidationError[]): { path: string[]; reason: string }[] {
  const path = pointerPath(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties':
      return error.params.additionalProperties.map((name) => ({ path: [...path, name], reason: 'is not a known setting' }));
    case 'required':
      return error.params.requiredProperties.map((name) => ({ path: [...path, name], reason: 'is required' }));
    case 'anyOf':
      return [{ path, reason: unionReason(error, all) }];
    default:
      return [{ path, reason: error.message }];
  }
}

/** Errors that only repeat another one: `false` schemas of additionalProperties, and union branches. */
function isEcho(error: TLocalizedValidationError, all: readonly TLocalizedValidationError[]): boolean {
  if (error.keyword === 'boolean' && error.schemaPath.endsWith('/additionalProperties')) return true;
  return all.some(
    (other) =>
      other.keyword === 'anyOf' && other.instancePath === error.instancePath && error.schemaPath.startsWith(`${other.schemaPath}/anyOf/`),
  );
}

export type ConfigValidator = (value: unknown, layers: readonly ConfigLayer[]) => ConfigProblem[];

/** A reusable validator for `schema`; compiled once because hot reloads validate again and again. */
export function compileValidator(schema: TObject): ConfigValidator {
  const validator = Compile(schema);
  return (value, layers) => {
    if (validator.Check(value)) return [];
    const errors = validator.Errors(value);
    return errors
      .filter((error) => !isEcho(error, errors))
      .flatMap((error) => problemPaths(error, errors))
      .map(({ path, reason }) => {
        const source = sourceOf(layers, path);
        return source === undefined ? { field: fieldName(path), reason } : { field: fieldName(path), reason, source };
      });
  };
}

export function describeProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((problem) => `${problem.field} ${problem.reason}${problem.source ? ` (from ${problem.source})` : ''}`).join('; ');
}

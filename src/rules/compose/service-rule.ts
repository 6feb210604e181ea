/** The shape of the Compose rules that look at one service at a time, and where their findings go. */
import type {FindingDraft} from '../../core/model.js';
import {defineRule, type FileRule, type RuleContext} from '../../core/rule.js';
import type {SourceOfKind} from '../../core/source.js';
import {locator, rangeOf, services, type Service} from '../../formats/yaml/compose.js';

export type ComposeSource = SourceOfKind<'compose'>;

/** A Compose rule whose `checkService` runs on each service of the file, in order (kind `compose`). */
export function serviceRule(rule: Omit<FileRule<'compose'>, 'kind' | 'check'> & {checkService(svc: Service, src: ComposeSource, ctx: RuleContext): Iterable<FindingDraft>}): FileRule<'compose'> {
  const {checkService, id, name, ...meta} = rule;
  return defineRule({
    id,
    name,
    kind: 'compose',
    ...meta,
    *check(src, ctx) {
      for (const svc of services(src)) yield* checkService(svc, src, ctx);
    },
  });
}

/** A finding on a key (its pair) or node of a service, located at `services.<name>.<path>`. */
export function serviceFinding(svc: Service, node: Parameters<typeof rangeOf>[1], path: string | undefined, message: string, extra: Partial<FindingDraft> = {}): FindingDraft {
  return {...rangeOf(svc, node), locator: locator(svc, path), message, ...extra};
}

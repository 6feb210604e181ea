import {useMemo} from 'react';
import {Box, Text} from 'ink';
import type {Dispatch} from 'react';
import type {Finding} from '../../core/model.js';
import type {Rule} from '../../core/rule.js';
import {maskSecrets} from '../../knowledge/secrets.js';
import {DEFAULT_REASON, membersOf, paramValues, type Action, type WizardState} from '../state/reducer.js';
import {unitOf} from '../state/groups.js';
import type {Size} from '../hooks/useTerminalSize.js';
import {scrollDelta, useKeys} from '../hooks/keys.js';
import {footerLines, Footer, Header, type KeyHint} from '../components/Chrome.js';
import {LineRow, LinesView, maxScroll} from '../components/LinesView.js';
import {diffLines} from '../components/diff.js';
import {line, seg, SEVERITY_COLOR, truncate, wrapLimited, type Line} from '../components/lines.js';
import {docsLines} from '../components/docs.js';
import {plainLinks, ruleDocs} from '../../report/docs.js';
import {whyOf, type FindingPreview} from '../view.js';

export interface FindingScreenProps {
  state: WizardState;
  finding: Finding;
  rule: Rule | undefined;
  preview: FindingPreview;
  acceptedCount: number;
  root: string;
  dispatch: Dispatch<Action>;
  size: Size;
  active: boolean;
}

const STATUS: Record<string, {text: string; color: string}> = {
  accepted: {text: '✔ accepted', color: 'green'},
  skipped: {text: '↷ skipped', color: 'yellow'},
  ignored: {text: '⊘ ignored here', color: 'blue'},
};

export function FindingScreen(props: FindingScreenProps) {
  const {state, finding, rule, preview, dispatch} = props;
  const {columns: width, rows} = props.size;
  const overlay = state.overlay;
  const fix = finding.fix;
  const editing = overlay?.kind === 'edit' ? overlay : null;
  const reason = overlay?.kind === 'reason' ? overlay : null;
  const docsOpen = overlay?.kind === 'docs';
  const editParam = editing && fix ? fix.params[editing.field] : undefined;
  const ignorable = state.ignorable.has(finding.fingerprint);
  const mask = (text: string) => maskSecrets(text, preview.masks);

  // --- what the screen shows, counted in rows so it fits the terminal
  const compact = rows < 30;
  const top: Line[] = [];
  top.push(
    line(
      seg(finding.rule, {bold: true, color: SEVERITY_COLOR[finding.severity]}),
      seg(` ${finding.severity} `, {color: SEVERITY_COLOR[finding.severity]}),
      seg(rule?.title ?? finding.name, {bold: true}),
    ),
  );
  const decision = state.decisions.get(finding.fingerprint);
  top.push(
    line(
      seg(`${finding.path}:${finding.line}`, {color: 'cyan'}),
      ...(decision ? [seg('  '), seg(STATUS[decision]!.text, {color: STATUS[decision]!.color})] : []),
    ),
  );
  for (const t of wrapLimited(mask(finding.message), width, compact ? 2 : 3)) top.push(line(t));
  const why = whyOf(rule?.docs);
  if (why) {
    const rowsWhy = wrapLimited(`Why it matters: ${mask(why)}`, width, compact ? 2 : 4);
    rowsWhy.forEach((t, i) => top.push(i === 0 ? line(seg('Why it matters:', {bold: true}), seg(t.slice('Why it matters:'.length), {dim: true})) : line(seg(t, {dim: true}))));
  }
  if (fix) {
    top.push(
      line(
        seg('Fix ', {bold: true}),
        fix.safety === 'safe' ? seg('(safe)', {color: 'green', bold: true}) : seg('(unsafe)', {color: 'yellow', bold: true}),
        seg(': ', {bold: true}),
        seg(fixTitle(fix.title, fix.params, paramValues(state, finding))),
      ),
    );
    if (fix.safety === 'unsafe') {
      const risk = fix.risk ?? 'it changes how the program runs; test it before you ship it.';
      wrapLimited(`May break: ${mask(risk)}`, width, compact ? 2 : 3).forEach((t) => top.push(line(seg(t, {color: 'yellow'}))));
    }
  } else {
    top.push(line(seg('No automatic fix: ', {bold: true}), seg('this one needs a person.', {dim: true})));
    if (finding.advice) wrapLimited(`Advice: ${mask(finding.advice)}`, width, compact ? 3 : 5).forEach((t) => top.push(line(t)));
  }
  if (fix && finding.advice) wrapLimited(`Also: ${mask(finding.advice)}`, width, 1).forEach((t) => top.push(line(seg(t, {dim: true}))));
  const members = membersOf(state, finding.fingerprint);
  if (members.length > 1) {
    const units = members.map((fp) => state.findings.find((x) => x.fingerprint === fp)).map((x) => (x ? unitOf(x) ?? x.path : '?'));
    wrapLimited(`One edit fixes ${members.length} findings (${units.join(', ')}): deciding here decides them all.`, width, 2).forEach((t) => top.push(line(seg(t, {color: 'cyan'}))));
  }
  if (preview.resolvedByOthers && !decision && preview.changes.length === 0) top.push(line(seg('A change you already accepted fixes this one too.', {color: 'green'})));
  for (const p of preview.problems.slice(0, 1)) top.push(line(seg(truncate(`Cannot apply: ${mask(p)}`, width), {color: 'red'})));

  const values = paramValues(state, finding);
  // In a small terminal the parameters share one row until they are edited.
  const inlineParams = compact && !editing && (fix?.params.length ?? 0) > 1;
  const paramRows = inlineParams ? 1 : (fix?.params.length ?? 0);
  const hintRows = editing ? 1 : reason ? 2 : 0;

  const keys: KeyHint[] = docsOpen
    ? [['↑↓ j/k PgUp/PgDn', 'scroll'], ['? b esc', 'close'], ['q', 'quit']]
    : reason
      ? [['type', 'a reason'], ['enter', 'ignore here'], ['esc', 'cancel']]
      : editing
      ? editParam?.choices
        ? [['←→ space', 'choose'], ['enter', 'save'], ['↑↓ tab', 'other parameter'], ['esc', 'cancel']]
        : [['type', 'a value'], ['enter', 'save'], ['↑↓ tab', 'other parameter'], ['esc', 'cancel']]
      : [
          ...(fix ? ([['a', 'accept']] as KeyHint[]) : []),
          ['s', 'skip'],
          ...(ignorable ? ([['i', 'ignore here']] as KeyHint[]) : []),
          ['A', 'rest of this file'],
          ...(fix && fix.params.length > 0 ? ([['e', 'edit parameters']] as KeyHint[]) : []),
          ['?', 'explain'],
          ['b', 'back'],
          ['↑↓ j/k', 'scroll diff'],
          ['r', 'review'],
          ['o', 'overview'],
          ['q', 'quit'],
        ];
  const footer = footerLines(keys, width, state.notice?.text);

  const diffRows = useMemo(() => diffLines(preview.changes, {secrets: preview.secretLines}), [preview]);
  const others = props.acceptedCount;
  const diffTitle = line(
    seg('── ', {dim: true}),
    seg(decision === 'ignored' ? 'Diff of the ignore comment' : 'Diff of the fix', {bold: true}),
    seg(others > 0 ? ` on top of ${others} accepted change${others === 1 ? '' : 's'} ` : ' ', {dim: true}),
    seg('─'.repeat(Math.max(0, width)), {dim: true}),
  );
  // The diff keeps at least half the screen: a longer explanation is cut, and ? shows all of it.
  const maxTop = Math.max(3, rows - Math.ceil(rows / 2) - (1 + paramRows + hintRows + 1 + footer.length + 1));
  if (top.length > maxTop) top.splice(maxTop - 1, top.length, line(seg('… ? shows the whole explanation (it scrolls)', {dim: true})));
  const fixedRows = 1 + top.length + paramRows + hintRows + 1 + footer.length + 1;
  const diffHeight = Math.max(3, rows - fixedRows);
  const docsHeight = Math.max(3, rows - 1 - 2 - footer.length);
  const docs = useMemo(() => (docsOpen ? docsLines(rule ? plainLinks(ruleDocs(rule)) : 'No documentation for this rule.', width) : []), [docsOpen, rule, width]);

  useKeys(
    (input, key) => {
      if (reason) {
        if (key.escape) dispatch({type: 'editCancel'});
        else if (key.return) dispatch({type: 'editCommit'});
        else if (key.backspace || key.delete) dispatch({type: 'editErase'});
        else if (key.ctrl && input === 'u') dispatch({type: 'editChange', value: ''});
        else if (!key.ctrl && !key.meta && input) dispatch({type: 'editType', text: input});
        return;
      }
      if (editing) {
        if (key.escape) dispatch({type: 'editCancel'});
        else if (key.upArrow || (key.shift && key.tab)) dispatch({type: 'editField', delta: -1});
        else if (key.downArrow || key.tab) dispatch({type: 'editField', delta: 1});
        else if (key.return) dispatch({type: 'editCommit'});
        else if (editParam?.choices) {
          if (key.leftArrow) dispatch({type: 'cycleChoice', delta: -1});
          else if (key.rightArrow || input === ' ') dispatch({type: 'cycleChoice', delta: 1});
        }
        // Our own text field: each key is an action on the latest state, so a burst of keys typed
        // before a redraw is never lost (ink-text-input kept a stale value in that race).
        else if (key.backspace || key.delete) dispatch({type: 'editErase'});
        else if (key.ctrl && input === 'u') dispatch({type: 'editChange', value: ''});
        else if (!key.ctrl && !key.meta && !key.leftArrow && !key.rightArrow && input) dispatch({type: 'editType', text: input});
        return;
      }
      if (docsOpen) {
        const delta = scrollDelta(input, key, docsHeight);
        if (delta !== 0) dispatch({type: 'scroll', delta, max: maxScroll(docs.length, docsHeight)});
        else if (input === '?' || input === 'b' || key.escape) dispatch({type: 'toggleDocs'});
        else if (input === 'q') dispatch({type: 'quit'});
        return;
      }
      const delta = scrollDelta(input, key, diffHeight);
      if (delta !== 0 && input !== ' ') dispatch({type: 'scroll', delta, max: maxScroll(diffRows.length, diffHeight)});
      else if (input === 'a') dispatch({type: 'accept'});
      else if (input === 's') dispatch({type: 'skip'});
      else if (input === 'i') dispatch({type: 'ignore'});
      else if (input === 'A') dispatch({type: 'openRest'});
      else if (input === 'e') dispatch({type: 'editOpen'});
      else if (input === '?') dispatch({type: 'toggleDocs'});
      else if (input === 'b' || key.leftArrow) dispatch({type: 'back'});
      else if (input === 'r') dispatch({type: 'openReview'});
      else if (input === 'o') dispatch({type: 'openOverview'});
      else if (input === 'q') dispatch({type: 'quit'});
    },
    {isActive: props.active},
  );

  const header = <Header title={`shipshape · ${props.root}`} right={`finding ${state.index + 1} of ${state.queue.length}`} width={width} />;
  const bottom = <Footer keys={keys} notice={state.notice?.text} width={width} />;

  if (docsOpen) {
    return (
      <Box flexDirection="column" width={width}>
        {header}
        <LineRow line={line(seg(`${finding.rule} `, {bold: true}), seg(rule?.title ?? finding.name, {bold: true}), seg(`  (${rule?.name ?? finding.name})`, {dim: true}))} width={width} />
        <LineRow line={line(seg('─'.repeat(width), {dim: true}))} width={width} />
        <LinesView lines={docs} height={docsHeight} width={width} scroll={overlay.scroll} />
        {bottom}
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={width}>
      {header}
      <LinesView lines={top} height={top.length} width={width} scroll={0} />
      {inlineParams && fix ? (
        <LineRow
          line={line(
            seg('  '),
            ...fix.params.flatMap((p, i) => {
              const value = values[p.name] ?? '';
              const needed = fix.needsInput?.includes(p.name) ?? false;
              return [
                ...(i > 0 ? [seg(' · ', {dim: true})] : []),
                seg(`${p.label}: `, {dim: true}),
                value === '' && needed ? seg('(needed: press e)', {color: 'yellow'}) : seg(mask(value), {bold: true}),
              ];
            }),
          )}
          width={width}
        />
      ) : null}
      {(inlineParams || !fix ? [] : fix.params).map((p, i) => {
        const active = editing?.field === i;
        const needed = fix!.needsInput?.includes(p.name) ?? false;
        const value = values[p.name] ?? '';
        if (!active) {
          return (
            <LineRow
              key={p.name}
              line={line(
                seg('  '),
                seg(`${p.label}: `, {dim: true}),
                value === '' && needed ? seg('(needed: press e)', {color: 'yellow'}) : seg(mask(value), {bold: true}),
                ...(p.choices ? [seg(`  (${p.choices.join(' / ')})`, {dim: true})] : []),
              )}
              width={width}
            />
          );
        }
        return (
          <Box key={p.name}>
            <Text color="cyan" bold>
              {'❯ '}
            </Text>
            <Text>{`${truncate(p.label, Math.max(4, width - 30))}: `}</Text>
            {p.choices ? (
              <Text>
                {p.choices.map((c) => (
                  <Text key={c} inverse={c === editing.value} bold={c === editing.value}>
                    {` ${c} `}
                  </Text>
                ))}
              </Text>
            ) : (
              <Text>
                {editing.value}
                <Text inverse> </Text>
              </Text>
            )}
          </Box>
        );
      })}
      {reason ? (
        <Box flexDirection="column">
          <Box>
            <Text color="cyan" bold>
              {'❯ '}
            </Text>
            <Text>{'Why ignore it here? '}</Text>
            {reason.value ? <Text>{reason.value}</Text> : <Text dimColor>{DEFAULT_REASON}</Text>}
            <Text inverse> </Text>
          </Box>
          <LineRow line={line(seg(truncate(`  Written as # shipshape-ignore ${finding.rule} -- ${reason.value.trim() || DEFAULT_REASON}; enter keeps the grey default.`, width), {dim: true}))} width={width} />
        </Box>
      ) : null}
      {editing ? (
        <LineRow
          line={editing.error ? line(seg(`  ✘ ${editing.error}`, {color: 'red', bold: true})) : line(seg('  The diff below shows the value as you type; enter saves it.', {dim: true}))}
          width={width}
        />
      ) : null}
      <LineRow line={diffTitle} width={width} />
      {diffRows.length === 0 ? (
        <LineRow
          line={line(
            seg(
              preview.needs
                ? `  Give a value for ${preview.needs} (press e) to see the diff.`
                : fix
                  ? preview.resolvedByOthers
                    ? '  Nothing left to change here.'
                    : '  This fix changes nothing.'
                  : '  No diff: there is no automatic fix.',
              {dim: !preview.needs, color: preview.needs ? 'yellow' : undefined},
            ),
          )}
          width={width}
        />
      ) : (
        <LinesView lines={diffRows} height={diffHeight} width={width} scroll={state.scroll} />
      )}
      {bottom}
    </Box>
  );
}

/**
 * A fix's title as the parameters now stand: the defaults it names replaced by the values set
 * (UID and GID as one `uid:gid` pair first, where the title shows them so).
 */
export function fixTitle(title: string, params: readonly {name: string; default: string}[], values: Readonly<Record<string, string>>): string {
  const uid = params.find((p) => p.name === 'uid');
  const gid = params.find((p) => p.name === 'gid');
  let out = title;
  if (uid && gid && uid.default && gid.default) out = out.split(`${uid.default}:${gid.default}`).join(`${values.uid ?? uid.default}:${values.gid ?? gid.default}`);
  for (const p of params) {
    const value = values[p.name];
    if (!p.default || value === undefined || value === p.default || (p === gid && uid && !out.includes(p.default))) continue;
    out = out.replace(new RegExp(`(?<![\\w.])${p.default.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.])`, 'g'), value);
  }
  return out;
}

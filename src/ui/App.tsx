/**
 * The wizard: one reducer for the state, the session and its plans kept outside it, the side
 * effects (scan, write) through the deps, and one active screen at a time.
 */
import React, {useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import type {Session} from '../core/session.js';
import {PlanCache} from '../core/plan-cache.js';
import type {ScanOutcome, ScanProgress, WizardDeps} from './deps.js';
import {currentFinding, DEFAULT_REASON, initialState, membersOf, missingInput, paramValues, pendingChanges, previewValues, reducer, type FileInfo} from './state/reducer.js';
import {sameEditSets} from './state/groups.js';
import {GroupScreen} from './screens/Group.js';
import {useTerminalSize} from './hooks/useTerminalSize.js';
import {ScanScreen} from './screens/Scan.js';
import {OverviewScreen} from './screens/Overview.js';
import {FindingScreen} from './screens/Finding.js';
import {ReviewScreen} from './screens/Review.js';
import {DoneScreen} from './screens/Done.js';
import {FailedScreen} from './screens/Failed.js';
import {TryScreen} from './screens/Try.js';
import {ThemeProvider} from './components/theme.js';
import {choicesOf, findingPreview, groupPreview, masksOf, ruleOf} from './view.js';

/** How long the scan may spend finding fixes that make the same edit (an anchor's), after the rules. */
const SAME_EDIT_BUDGET_MS = 400;

export interface AppProps {
  deps: WizardDeps;
  onExit(code: number): void;
  /** Called once after the first frame (the startup benchmark). */
  onFirstFrame?(): void;
}

export function App(props: AppProps) {
  const {deps} = props;
  const [state, dispatch] = useReducer(reducer, undefined, initialState);
  const [session, setSession] = useState<Session | null>(null);
  const [scanned, setScanned] = useState<ScanOutcome | null>(null);
  const cache = useMemo(() => (session ? new PlanCache(session) : null), [session]);
  const size = useTerminalSize();
  const exited = useRef(false);

  useEffect(() => {
    props.onFirstFrame?.();
    let alive = true;
    // Progress is drawn at most every 50 ms: a render per file would slow a big scan down.
    let latest: ScanProgress | null = null;
    let progressTimer: NodeJS.Timeout | null = null;
    const onProgress = (progress: ScanProgress) => {
      latest = progress;
      if (progressTimer || !alive) return;
      progressTimer = setTimeout(() => {
        progressTimer = null;
        if (alive && latest) dispatch({type: 'scanProgress', progress: latest});
      }, 50);
    };
    // Let the first frame reach the terminal before the (synchronous) parsing starts.
    const timer = setTimeout(() => {
      deps
        .scan(onProgress)
        .then((outcome) => {
          if (!alive) return;
          const {session: scanned, problems} = outcome;
          const files: FileInfo[] = scanned.project.sources.map((s) => ({path: s.path, kind: s.kind}));
          const ignorable = new Set(scanned.findings.filter((f) => scanned.canIgnore(f)).map((f) => f.fingerprint));
          setScanned(outcome);
          setSession(scanned);
          const titles = new Map(scanned.rules.map((r) => [r.id, r.title]));
          dispatch({type: 'scanDone', findings: scanned.findings, files, ignorable, problems, titles, sameEdit: sameEditSets(scanned.findings, SAME_EDIT_BUDGET_MS)});
        })
        .catch((error: unknown) => alive && dispatch({type: 'scanFailed', message: error instanceof Error ? error.message : String(error)}));
    }, 0);
    return () => {
      alive = false;
      clearTimeout(timer);
      if (progressTimer) clearTimeout(progressTimer);
    };
  }, []);

  const choices = useMemo(() => choicesOf(state), [state.accepted, state.ignored, state.reasons]);
  const needsPlan = state.screen === 'review' || state.screen === 'writing' || state.screen === 'done' || state.screen === 'trying' || state.screen === 'tried';
  const plan = useMemo(() => {
    if (!cache || !needsPlan) return null;
    const planned = cache.plan(choices);
    return scanned?.asWritten ? scanned.asWritten(planned) : planned;
  }, [cache, choices, needsPlan, scanned]);
  const planMasks = useMemo(() => (session && plan ? masksOf(session, plan) : []), [session, plan]);

  useEffect(() => {
    if (state.screen !== 'writing' || !plan) return;
    let alive = true;
    deps
      .write(plan)
      .then((outcome) => alive && dispatch({type: 'written', outcome}))
      .catch((error: unknown) => alive && dispatch({type: 'writeFailed', message: error instanceof Error ? error.message : String(error)}));
    return () => {
      alive = false;
    };
  }, [state.screen === 'writing']);

  // Try it: the accepted fixes started on a temporary copy; leaving the screen stops it.
  useEffect(() => {
    if (state.screen !== 'trying' || !session) return;
    let alive = true;
    const controller = new AbortController();
    if (!deps.verify) {
      dispatch({type: 'tryFailed', message: 'starting the stack is not available here'});
      return;
    }
    deps
      .verify(session, choices, (message) => alive && dispatch({type: 'tryProgress', message}), controller.signal)
      .then((result) => alive && dispatch({type: 'tried', result}))
      .catch((error: unknown) => alive && dispatch({type: 'tryFailed', message: error instanceof Error ? error.message : String(error)}));
    return () => {
      alive = false;
      controller.abort();
    };
  }, [state.screen === 'trying' ? state.trial?.id : null]);

  useEffect(() => {
    if (state.exit !== null && !exited.current) {
      exited.current = true;
      props.onExit(state.exit);
    }
  }, [state.exit]);

  // Ctrl-C leaves at once, from anywhere, without writing.
  useInput((input, key) => {
    if (key.ctrl && input === 'c') dispatch({type: 'interrupt'});
  });

  const confirming = state.overlay?.kind === 'confirmQuit';
  useInput(
    (input, key) => {
      if (input === 'y' || input === 'Y') dispatch({type: 'confirmQuit', yes: true});
      else if (input === 'n' || input === 'N' || key.escape) dispatch({type: 'confirmQuit', yes: false});
    },
    {isActive: confirming},
  );

  const finding = state.screen === 'finding' ? currentFinding(state) : undefined;
  const values = finding ? previewValues(state, finding) : null;
  const valuesKey = values ? JSON.stringify(values) : '';
  const decision = finding ? state.decisions.get(finding.fingerprint) : undefined;
  // While `i` asks why, the diff shows the ignore comment with the reason as typed.
  const draftReason = state.screen === 'finding' && state.overlay?.kind === 'reason' ? state.overlay.value.trim() || DEFAULT_REASON : null;
  const preview = useMemo(() => {
    if (!finding || !cache || !session || !values) return null;
    if (draftReason === null) return findingPreview(cache, session, choices, finding, values, decision === 'ignored' ? 'ignore' : 'fix');
    const reasons = new Map(choices.reasons ?? []).set(finding.fingerprint, draftReason);
    return findingPreview(cache, session, {...choices, reasons}, finding, values, 'ignore');
  }, [finding, cache, session, choices, valuesKey, decision, draftReason]);

  const group = state.screen === 'group' ? state.group : null;
  const groupView = useMemo(() => {
    if (!group || !cache || !session) return null;
    const add = new Map<string, Record<string, string>>();
    for (const fp of group.items.flatMap((item) => membersOf(state, item))) {
      const f = state.findings.find((x) => x.fingerprint === fp);
      if (f?.fix && !state.ignored.has(fp) && missingInput(state, f) < 0) add.set(fp, paramValues(state, f));
    }
    return groupPreview(cache, session, choices, add);
  }, [group, cache, session, choices, state.params, state.shared]);

  const pending = pendingChanges(state);
  if (state.exit !== null && state.screen !== 'done') {
    // What stays on the terminal after leaving (the done screen stays as it is).
    const text = state.screen === 'failed' ? 'shipshape: the scan failed; nothing was written.' : pending > 0 ? `shipshape: left without writing; ${pending} accepted change${pending === 1 ? ' was' : 's were'} dropped.` : 'shipshape: left; nothing was written.';
    return <Text>{text}</Text>;
  }
  const active = !confirming && state.exit === null;
  const common = {state, root: deps.root, dispatch, size, active};
  let screen: React.ReactNode = null;
  let rowsUsed = size.rows;
  if (confirming) rowsUsed -= 2;
  const sized = {...common, size: {columns: size.columns, rows: rowsUsed}};
  switch (state.screen) {
    case 'scanning':
      screen = <ScanScreen {...sized} />;
      break;
    case 'overview':
      screen = <OverviewScreen {...sized} />;
      break;
    case 'group':
      if (groupView) screen = <GroupScreen {...sized} preview={groupView} />;
      break;
    case 'finding':
      if (finding && preview && session) {
        const others = [...state.accepted.keys()].filter((fp) => fp !== finding.fingerprint).length;
        screen = <FindingScreen {...sized} finding={finding} rule={ruleOf(session, finding.rule)} preview={preview} acceptedCount={others} />;
      }
      break;
    case 'review':
    case 'writing':
      if (plan && session) screen = <ReviewScreen {...sized} plan={plan} masks={planMasks} />;
      break;
    case 'trying':
    case 'tried':
      if (state.trial) screen = <TryScreen {...sized} masks={planMasks} />;
      break;
    case 'done':
      if (plan && session) screen = <DoneScreen {...sized} session={session} plan={plan} masks={planMasks} />;
      break;
    case 'failed':
      screen = <FailedScreen {...sized} />;
      break;
  }
  return (
    <ThemeProvider theme={{color: deps.color}}>
      <Box flexDirection="column" width={size.columns}>
        {screen}
        {confirming ? (
          <Box flexDirection="column">
            <Text> </Text>
            <Text bold color={deps.color ? 'yellow' : undefined} inverse={!deps.color}>
              {`Quit without writing ${pending} accepted change${pending === 1 ? '' : 's'}? (y/n)`}
            </Text>
          </Box>
        ) : null}
      </Box>
    </ThemeProvider>
  );
}

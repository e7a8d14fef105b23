// Work time as a pure fold over the append-only event log. The log is the truth; the state and
// the segments are derived, so a crash can never leave them disagreeing.
import type { PauseReason, Segment } from './model.ts';

export type WorkEventKind =
  | 'clock_in'
  | 'break'
  | 'resume'
  | 'pause'
  | 'unpause'
  | 'clock_out'
  | 'label'
  | 'private'
  | 'restart'
  | 'clock_jump';

export interface WorkEventData {
  /** pause / unpause */
  reason?: PauseReason;
  /** label: what the manager is doing now (null clears it) */
  label?: string | null;
  /** private */
  on?: boolean;
  countsAsWork?: boolean;
  /** restart: when the agent was last known alive; the time since then is a gap */
  downFrom?: number;
  /** clock_jump: the wall time the clock said before it moved (at = the time after) */
  from?: number;
}

export interface WorkEvent {
  id: string;
  kind: WorkEventKind;
  /** Wall time, UTC ms. For an idle pause it is back-dated to the last input. */
  at: number;
  zone: string;
  /** Monotonic reading when the event was appended (ms; comparable within one boot). */
  mono: number;
  data?: WorkEventData;
}

export type WorkStatus = 'clocked_out' | 'working' | 'break' | 'paused';

export interface WorkState {
  status: WorkStatus;
  /** When the current status began (wall ms), null when clocked out and never clocked in. */
  since: number | null;
  pauseReason: PauseReason | null;
  /** For an idle pause: the pause event's id, which the decision about the gap refers to. */
  gapId: string | null;
  label: string | null;
  private: { on: boolean; countsAsWork: boolean };
}

export const INITIAL_STATE: WorkState = {
  status: 'clocked_out',
  since: null,
  pauseReason: null,
  gapId: null,
  label: null,
  private: { on: false, countsAsWork: true },
};

export class TransitionError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'TransitionError';
    this.code = code;
  }
}

/**
 * Whether `kind` may be appended in `state`. Commands from people get a clear refusal; the fold
 * itself is lenient (a log written by an older build must still load).
 */
export function checkTransition(state: WorkState, kind: WorkEventKind, data?: WorkEventData): void {
  const s = state.status;
  const refuse = (message: string) => {
    throw new TransitionError('invalid_transition', message);
  };
  switch (kind) {
    case 'clock_in':
      if (s !== 'clocked_out') refuse('Already clocked in.');
      return;
    case 'break':
      if (s === 'clocked_out') refuse('Not clocked in: clock in first.');
      if (s === 'break') refuse('Already on a break.');
      return;
    case 'resume':
      if (s !== 'break') refuse(s === 'clocked_out' ? 'Not clocked in: clock in first.' : 'Not on a break.');
      return;
    case 'pause':
      if (s !== 'working') refuse('Only working time can be paused.');
      return;
    case 'unpause':
      if (s !== 'paused' || (data?.reason && data.reason !== state.pauseReason)) refuse('Not paused for that reason.');
      return;
    case 'clock_out':
      if (s === 'clocked_out') refuse('Not clocked in.');
      return;
    default:
      return;
  }
}

export function reduce(state: WorkState, event: WorkEvent): WorkState {
  const d = event.data ?? {};
  switch (event.kind) {
    case 'clock_in':
      return { ...state, status: 'working', since: event.at, pauseReason: null, gapId: null };
    case 'break':
      return { ...state, status: 'break', since: event.at, pauseReason: null, gapId: null };
    case 'resume':
    case 'unpause':
      return { ...state, status: 'working', since: event.at, pauseReason: null, gapId: null };
    case 'pause':
      return {
        ...state,
        status: 'paused',
        since: event.at,
        pauseReason: d.reason ?? 'idle',
        gapId: (d.reason ?? 'idle') === 'idle' ? event.id : null,
      };
    case 'clock_out':
      // Private mode and the label belong to one working session.
      return { ...INITIAL_STATE, since: event.at };
    case 'label':
      return { ...state, label: d.label ?? null };
    case 'private':
      return { ...state, private: { on: d.on ?? false, countsAsWork: d.countsAsWork ?? true } };
    case 'restart':
    case 'clock_jump':
      return { ...state, since: state.status === 'clocked_out' ? state.since : event.at };
  }
}

export function foldState(events: readonly WorkEvent[]): WorkState {
  return events.reduce(reduce, INITIAL_STATE);
}

interface Open {
  kind: Segment['kind'];
  start: number;
  zone: string;
  reason?: Segment['reason'];
  label?: string;
  gapId?: string;
}

function openFor(state: WorkState, start: number, zone: string): Open | null {
  switch (state.status) {
    case 'clocked_out':
      return null;
    case 'working': {
      const kind = state.private.on && !state.private.countsAsWork ? 'private' : 'work';
      return { kind, start, zone, ...(state.label ? { label: state.label } : {}) };
    }
    case 'break':
      return { kind: 'break', start, zone };
    case 'paused':
      if (state.pauseReason === 'idle') return { kind: 'idle', start, zone, reason: 'idle', ...(state.gapId ? { gapId: state.gapId } : {}) };
      return { kind: 'paused', start, zone, reason: state.pauseReason ?? 'lock' };
  }
}

/**
 * The stretches of time the log describes, in log order. The open stretch, if any, runs to
 * `now` and is marked `open`. Segments never run backwards: an event stamped before the open
 * segment's start (the clock moved back, or an idle pause back-dated past a label change) closes
 * it empty, and empty segments are dropped.
 */
export function deriveSegments(events: readonly WorkEvent[], now: number): Segment[] {
  const segments: Segment[] = [];
  let state = INITIAL_STATE;
  let open: Open | null = null;

  const close = (end: number, running = false) => {
    if (open && end > open.start) segments.push(running ? { ...open, end, open: true } : { ...open, end });
    open = null;
  };

  for (const event of events) {
    const d = event.data ?? {};
    if (event.kind === 'restart') {
      const downFrom = d.downFrom ?? event.at;
      const resumeState = state;
      close(downFrom);
      if (resumeState.status !== 'clocked_out' && event.at > downFrom) {
        segments.push({ kind: 'gap', start: downFrom, end: event.at, zone: event.zone });
      }
      state = reduce(state, event);
      open = openFor(state, event.at, event.zone);
      continue;
    }
    if (event.kind === 'clock_jump') {
      close(d.from ?? event.at);
      state = reduce(state, event);
      open = openFor(state, event.at, event.zone);
      continue;
    }
    close(event.at);
    state = reduce(state, event);
    open = openFor(state, event.at, event.zone);
  }
  close(now, true);
  return segments;
}

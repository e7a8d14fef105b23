// The records the agent keeps and the shapes derived from them. Pure types: no platform.
// All instants are UTC milliseconds since the epoch; `zone` is the IANA zone in force.

export const PRODUCTIVITIES = ['productive', 'neutral', 'unproductive'] as const;
export type Productivity = (typeof PRODUCTIVITIES)[number];

/** A label for time that was not at the keyboard but was work (an idle gap kept as work). */
export type WorkLabel = 'call' | 'meeting' | 'offline' | 'task' | (string & {});

export type PauseReason = 'idle' | 'lock' | 'suspend';

/**
 * A stretch of the work day in one state, derived from the work-event log.
 * - work: clocked in and active (label: what the manager said they were doing, if anything)
 * - break: clocked in, on a break
 * - idle: no input past the threshold; waits for the manager's decision (gapId keys it)
 * - paused: screen locked or system suspended
 * - gap: the agent was not running while the manager was clocked in (crash, power cut)
 * - private: private mode that the manager chose not to count as work
 */
export interface Segment {
  kind: 'work' | 'break' | 'idle' | 'paused' | 'gap' | 'private';
  start: number;
  end: number;
  zone: string;
  reason?: PauseReason;
  label?: string;
  /** For kind 'idle': the id of the pause event, which the manager's decision refers to. */
  gapId?: string;
  /**
   * The stretch still running: no event has ended it, its `end` is the "now" it was derived at.
   * Only this one is ever cut at a later "now"; closed stretches keep their recorded times.
   */
  open?: true;
}

export const IDLE_DECISION_KINDS = ['keep', 'break', 'discard'] as const;
export type IdleDecisionKind = (typeof IDLE_DECISION_KINDS)[number];

export interface IdleDecision {
  gapId: string;
  decision: IdleDecisionKind;
  /** With 'keep': what the time was (call, meeting, offline work, a task). */
  label?: string;
}

/** One stretch of one foreground window, merged from equal consecutive samples. */
export interface ActivitySpan {
  id: string;
  start: number;
  end: number;
  app: string;
  exe: string | null;
  title: string | null;
  domain: string | null;
  category: string;
  productivity: Productivity;
}

// Turns whatever a transport received into one error shape, so screens handle one kind.
import type { ApiErrorBody } from '../../shared/api.ts';
import { AgentError } from './agent-error.ts';

function isErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ApiErrorBody).code === 'string' && typeof (value as ApiErrorBody).message === 'string';
}

export function toAgentError(body: unknown, status: number): AgentError {
  if (body instanceof AgentError) return body;
  if (isErrorBody(body)) return new AgentError(body.code, body.message, status, body.details);
  return new AgentError('bad_response', `Unexpected answer from the agent (HTTP ${status}).`, status);
}

/** A request that never reached the agent (it stopped, or the network is down). */
export function networkError(cause: unknown): AgentError {
  return new AgentError('network', cause instanceof Error ? cause.message : String(cause), 0);
}

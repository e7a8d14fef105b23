// A failed call, as every transport reports it to the screens: the contract's ApiErrorBody plus
// the HTTP-like status. The renderer's own class rather than shared/api.ts's ApiError on purpose:
// that module builds every zod schema when loaded, which would put zod on the popover's critical
// path; the screens that need the schemas (the report's checks) load them lazily.
import type { ApiErrorBody } from '../../shared/api.ts';

export class AgentError extends Error implements ApiErrorBody {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message);
    this.name = 'AgentError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

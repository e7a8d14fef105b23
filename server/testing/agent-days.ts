// The real agent's recorded days live with the demo (which the hub itself runs); tests use them
// from here as they always have.
export * from '../dashboard/demo/agent-days.ts';

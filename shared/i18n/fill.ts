// Filling `{name}` placeholders in a message.
import type { Vars } from './types.ts';

export function fill(template: string, vars: Vars = {}): string {
  // An unknown placeholder stays visible rather than vanishing, so a typo shows up on screen.
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

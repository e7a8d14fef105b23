// A set of choices as checkboxes (an API token's scopes, a webhook's events): each box adds its
// choice to the set or takes it out.
import type { ReactNode } from 'react';

/**
 * One `label.check` a choice, in the order of `options`; `children` words a choice. `update`
 * takes a function of the set as it is (a useState setter), so quick clicks never lose one.
 */
export function CheckSet<T extends string>({ options, checked, update, children }: { options: readonly T[]; checked: ReadonlySet<T>; update: (change: (set: ReadonlySet<T>) => Set<T>) => void; children: (option: T) => ReactNode }) {
  return options.map((option) => (
    <label key={option} className="check">
      <input
        type="checkbox"
        checked={checked.has(option)}
        onChange={(e) =>
          update((set) => {
            const next = new Set(set);
            if (e.target.checked) next.add(option);
            else next.delete(option);
            return next;
          })
        }
      />
      <span>{children(option)}</span>
    </label>
  ));
}

// The shape every admin list has: loading, "none yet", or a table with a header row.
import type { ReactNode } from 'react';
import type { CallState } from '../../api/use-call.ts';
import { Loaded } from '../../components/bits.tsx';

export interface Column {
  label: string;
  num?: boolean;
}

export function ListTable<T, I>(props: { state: CallState<T>; items: (data: T) => readonly I[]; empty?: string; testId: string; columns: readonly Column[]; row: (item: I) => ReactNode; stackOnPhone?: boolean }) {
  return (
    <Loaded state={props.state}>
      {(data) => {
        const items = props.items(data);
        if (items.length === 0 && props.empty) return <p className="muted">{props.empty}</p>;
        return (
          <div className="card table-wrap">
            <table data-testid={props.testId} className={props.stackOnPhone ? 'stack-on-phone' : undefined}>
              <thead>
                <tr>
                  {props.columns.map((c) => (
                    <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>{items.map(props.row)}</tbody>
            </table>
          </div>
        );
      }}
    </Loaded>
  );
}

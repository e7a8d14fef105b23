// A question with two answers, as a modal <dialog> (focus moves in and stays; Escape cancels).
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  open: boolean;
  heading: string;
  children: ReactNode;
  confirm: string;
  cancel: string;
  onConfirm(): void;
  onCancel(): void;
  testId?: string;
}

export function ConfirmDialog({ open, heading, children, confirm, cancel, onConfirm, onCancel, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby="confirm-heading" data-testid={testId} onCancel={onCancel}>
      {open && (
        <>
          <h2 id="confirm-heading">{heading}</h2>
          <div>{children}</div>
          <div className="actions">
            <button type="button" className="primary" onClick={onConfirm}>
              {confirm}
            </button>
            <button type="button" onClick={onCancel} autoFocus>
              {cancel}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}

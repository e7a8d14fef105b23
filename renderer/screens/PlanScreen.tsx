// The morning plan: today's tasks, carried-over ones, KPI commitments; save or snooze.
import { useEffect, useState } from 'react';
import type { PlanView } from '../../shared/api.ts';
import { useAction } from '../hooks/use-action.ts';
import { useI18n } from '../i18n/use-i18n.ts';
import { useAgent } from '../stores/agent.ts';
import { useNav } from '../stores/nav.ts';
import { usePlan } from '../stores/plan.ts';
import { call } from '../transport/current.ts';
import { CarryOver } from './plan/CarryOver.tsx';
import { Commitments } from './plan/Commitments.tsx';
import { CrmTasks } from './plan/CrmTasks.tsx';
import { addCarried, addCrm, crmOffered, draftFrom, toInput, untitled, type PlanDraft } from './plan/plan-draft.ts';
import { TaskRows } from './plan/TaskRows.tsx';
import { forgetDraft, keepDraft, loadDraft } from '../stores/drafts.ts';

export function PlanScreen() {
  const view = usePlan((s) => s.view);
  const load = usePlan((s) => s.load);
  const { error, run } = useAction();
  // The draft of the form shown, once looked up (undefined: not yet).
  const [draft, setDraft] = useState<{ date: string; revision: number; content: PlanDraft | null }>();
  useEffect(() => {
    void run(async () => {
      const fresh = await load();
      const revision = fresh.plan?.revision ?? 0;
      const stored = await loadDraft('plan', fresh.date);
      // A draft started from another revision was overtaken by a plan saved elsewhere.
      if (stored && stored.base !== revision) forgetDraft('plan', fresh.date, true);
      setDraft({ date: fresh.date, revision, content: stored && stored.base === revision ? stored.content : null });
    });
  }, [load, run]);
  if (error) return <p className="error">{error}</p>;
  if (!view || !draft) return null;
  const revision = view.plan?.revision ?? 0;
  // A new form whenever the stored plan changes (saved here, or the day rolled over).
  return <PlanForm key={`${view.date}:${revision}`} view={view} draft={draft.date === view.date && draft.revision === revision ? draft.content : null} />;
}

function PlanForm({ view, draft: kept }: { view: PlanView; draft: PlanDraft | null }) {
  const i18n = useI18n();
  const save = usePlan((s) => s.save);
  const zone = useAgent((s) => s.status?.zone ?? 'UTC');
  const planPrompt = useAgent((s) => s.prompts.find((p) => p.kind === 'plan'));
  const refresh = useAgent((s) => s.refresh);
  const go = useNav((s) => s.go);
  const [draft, setDraftState] = useState<PlanDraft>(() => kept ?? draftFrom(view));
  // Every change is kept at once: another screen, a closed tab or a restart loses nothing.
  const setDraft = (next: PlanDraft) => {
    setDraftState(next);
    keepDraft({ kind: 'plan', key: view.date, base: view.plan?.revision ?? 0, content: next });
  };
  const [invalid, setInvalid] = useState<ReadonlySet<number>>(new Set());
  const saving = useAction();
  const snoozing = useAction();
  const carryOver = view.carryOver.filter((c) => !draft.items.some((i) => i.id === c.id));

  const submit = () => {
    const missing = untitled(draft);
    setInvalid(new Set(missing));
    if (missing.length) {
      document.getElementById(`task-title-${draft.items[missing[0]!]!.id}`)?.focus();
      return;
    }
    void saving.run(async () => {
      await save(toInput(view.date, draft));
      // The agent cleared the stored draft with the save.
      forgetDraft('plan', view.date);
      await refresh();
    });
  };

  return (
    <form
      className="screen"
      aria-labelledby="plan-heading"
      data-revision={view.plan?.revision ?? 0}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h2 id="plan-heading">{i18n.t('plan.heading', { date: i18n.date(view.date, false) })}</h2>
      {view.plan && (
        <p className="success" role="status">
          {i18n.t('plan.saved', { time: i18n.time(view.plan.submittedAt, zone) })}
        </p>
      )}
      <CarryOver
        items={carryOver}
        onAdd={(items) => {
          setDraft(addCarried(draft, items));
          // The clicked button goes away with its task; keep the keyboard user on that task.
          requestAnimationFrame(() => document.getElementById(`task-title-${items[0]!.id}`)?.focus());
        }}
      />
      <CrmTasks
        tasks={crmOffered(view, draft)}
        zone={zone}
        onAdd={(task) => {
          const next = addCrm(draft, task);
          setDraft(next);
          requestAnimationFrame(() => document.getElementById(`task-title-${next.items.at(-1)!.id}`)?.focus());
        }}
      />
      <TaskRows items={draft.items} invalid={invalid} onChange={(items) => setDraft({ ...draft, items })} />
      <Commitments kpis={view.kpis} currency={view.currency} targets={view.targets} commitments={draft.commitments} onChange={(commitments) => setDraft({ ...draft, commitments })} />
      <div className="field section">
        <label htmlFor="plan-note">{i18n.t('plan.note')}</label>
        <textarea id="plan-note" rows={2} maxLength={5000} value={draft.note} onChange={(e) => setDraft({ ...draft, note: e.target.value })} />
      </div>
      {(saving.error || snoozing.error) && (
        <p className="error" role="alert">
          {saving.error ?? snoozing.error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving.busy}>
          {view.plan ? i18n.t('plan.update') : i18n.t('plan.save')}
        </button>
        {planPrompt?.kind === 'plan' && planPrompt.snoozesLeft > 0 && (
          <button
            type="button"
            disabled={snoozing.busy}
            onClick={() =>
              void snoozing.run(async () => {
                await call('snoozePlan', {});
                await refresh();
                go('day');
              })
            }
          >
            {i18n.t('plan.snooze')} <span className="muted">({i18n.p('plural.snoozesLeft', planPrompt.snoozesLeft)})</span>
          </button>
        )}
      </div>
    </form>
  );
}

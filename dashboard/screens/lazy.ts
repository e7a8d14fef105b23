// The screens behind sign-in, each its own chunk fetched when first opened, so the sign-in page
// carries only itself. Team now, where a lead lands, can be fetched ahead (preloadTeamNow).
import { lazy } from 'react';

export const preloadTeamNow = () => import('./TeamNow.tsx');

export const TeamNow = lazy(() => preloadTeamNow().then((m) => ({ default: m.TeamNow })));
export const ManagerDay = lazy(() => import('./ManagerDay.tsx').then((m) => ({ default: m.ManagerDay })));
export const Week = lazy(() => import('./Week.tsx').then((m) => ({ default: m.Week })));
export const Inbox = lazy(() => import('./Inbox.tsx').then((m) => ({ default: m.Inbox })));
export const Kpis = lazy(() => import('./Kpis.tsx').then((m) => ({ default: m.Kpis })));
export const LeaderboardScreen = lazy(() => import('./Leaderboard.tsx').then((m) => ({ default: m.LeaderboardScreen })));
export const Admin = lazy(() => import('./admin/Admin.tsx').then((m) => ({ default: m.Admin })));
export const Exports = lazy(() => import('./Exports.tsx').then((m) => ({ default: m.Exports })));
export const Integrations = lazy(() => import('./integrations/Integrations.tsx').then((m) => ({ default: m.Integrations })));
export const Account = lazy(() => import('./Account.tsx').then((m) => ({ default: m.Account })));
export const Invite = lazy(() => import('./Invite.tsx').then((m) => ({ default: m.Invite })));
export const Setup = lazy(() => import('./Invite.tsx').then((m) => ({ default: m.Setup })));

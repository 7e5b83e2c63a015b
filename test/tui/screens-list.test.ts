import { describe, expect, it } from 'vitest';
import { DASHBOARD_SCREENS, isDashboardScreen } from '../../core/commands/dashboard-screen.js';
import { cycleScreen, SCREENS } from '../../tui/lib/screens.js';

describe('dashboard screens', () => {
  it('the footer lists every screen the loader and GET /api/dashboard know, once, in their order, on keys 1 to 6', () => {
    expect(SCREENS.map((s) => s.id)).toEqual([...DASHBOARD_SCREENS]);
    expect(SCREENS.map((s) => s.key)).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('cycles both ways with wrap-around', () => {
    expect(cycleScreen('clusters', -1)).toBe('audit');
    expect(cycleScreen('audit', 1)).toBe('clusters');
    expect(cycleScreen('topology', 1)).toBe('problems');
  });

  it('tells screen ids from other text', () => {
    expect(isDashboardScreen('seeds')).toBe(true);
    expect(isDashboardScreen('Seeds')).toBe(false);
    expect(isDashboardScreen('')).toBe(false);
  });
});

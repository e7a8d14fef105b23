import type { Result } from 'get-windows';
import { describe, expect, it } from 'vitest';
import { GetWindowsSource } from './get-windows-source.ts';

const bounds = { x: 0, y: 0, width: 800, height: 600 };

const macChrome: Result = {
  platform: 'macos',
  title: 'Угода з ТОВ Ромашка — CRM',
  id: 42,
  bounds,
  owner: {
    name: 'Google Chrome',
    processId: 4242,
    path: '/Applications/Google Chrome.app',
    bundleId: 'com.google.Chrome',
  },
  memoryUsage: 1,
  url: 'https://crm.example.com/deals/17?customer=Romashka',
};

const windowsExcel: Result = {
  platform: 'windows',
  title: 'Звіт.xlsx - Excel',
  id: 7,
  bounds,
  contentBounds: bounds,
  owner: { name: '', processId: 900, path: 'C:\\Program Files\\Microsoft Office\\EXCEL.EXE' },
  memoryUsage: 1,
};

describe('GetWindowsSource', () => {
  it('maps owner, title and url, keeping only the host of the url', async () => {
    const source = new GetWindowsSource(async () => macChrome);
    expect(await source.current()).toEqual({
      app: 'Google Chrome',
      exe: '/Applications/Google Chrome.app',
      pid: 4242,
      title: 'Угода з ТОВ Ромашка — CRM',
      domain: 'crm.example.com',
    });
  });

  it('names the app after the executable when the owner has no name, on a Windows path', async () => {
    const source = new GetWindowsSource(async () => windowsExcel);
    expect(await source.current()).toEqual({
      app: 'EXCEL.EXE',
      exe: 'C:\\Program Files\\Microsoft Office\\EXCEL.EXE',
      pid: 900,
      title: 'Звіт.xlsx - Excel',
      domain: null,
    });
  });

  it('reports an empty title (macOS without screen recording permission) as none', async () => {
    const source = new GetWindowsSource(async () => ({ ...macChrome, title: '', url: 'not a url' }));
    expect(await source.current()).toMatchObject({ title: null, domain: null });
  });

  it('returns null when nothing has focus', async () => {
    expect(await new GetWindowsSource(async () => undefined).current()).toBeNull();
  });

  it('passes errors of the package on to the caller', async () => {
    const source = new GetWindowsSource(async () => Promise.reject(new Error('permission denied')));
    await expect(source.current()).rejects.toThrow('permission denied');
  });
});

// The packaging, checked where it cannot be run: electron-builder.yml against app-builder-lib's
// own schema and the points the desktop app relies on; the fuses hook on a stand-in binary;
// the NSIS preset script against the app's preset reader.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { getCurrentFuseWire, FuseV1Options } from '@electron/fuses';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { describe, expect, it } from 'vitest';
import { loadPreset, PRESET_FILE } from '../main/sync/preset.ts';
import { ROOT } from './cli.ts';
import { tempDir } from './tmp.ts';

type Config = Record<string, unknown> & {
  win: { target: { target: string }[]; signtoolOptions: Record<string, unknown>; azureSignOptions?: unknown; signExts: string[] };
  nsis: Record<string, unknown>;
  mac: Record<string, unknown> & { target: { target: string }[] };
  linux: { target: string[] };
  publish: { provider: string; url: string }[];
  files: string[];
  asarUnpack: string[];
};
const config = yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; productName: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

describe('electron-builder.yml', () => {
  it("passes app-builder-lib's own schema", async () => {
    await expect(validateConfiguration(structuredClone(config) as never, { isEnabled: false, add() {}, addValue() {}, toString: () => '' } as never)).resolves.toBeUndefined();
    // And the schema is really applied: a wrong type is refused.
    await expect(validateConfiguration({ ...structuredClone(config), npmRebuild: 'no' } as never, { isEnabled: false, add() {}, addValue() {}, toString: () => '' } as never)).rejects.toThrow(/npmRebuild/);
  });

  it('is Zvit, and packs what Electron runs', () => {
    expect(config.appId).toBe('ua.zvit.agent');
    expect(config.productName).toBe('Zvit');
    expect(pkg.productName).toBe('Zvit');
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'dist/desktop/**/*', 'dist/renderer/**/*']));
    expect(pkg.main).toBe('dist/desktop/main.js');
    // electron in dependencies breaks electron-builder (and the app would ship a second copy).
    expect(pkg.dependencies.electron).toBeUndefined();
    expect(pkg.devDependencies.electron).toBeDefined();
  });

  it('Windows: NSIS, per user or per machine (admins), signed by signtool from the environment or Azure Trusted Signing', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true, include: 'build/installer.nsh' });
    expect(config.win.signtoolOptions).toMatchObject({ signingHashAlgorithms: ['sha256'] });
    // The two are exclusive in electron-builder: Azure is added on the command line when its secrets exist.
    expect(config.win.azureSignOptions).toBeUndefined();
    const workflow = fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8');
    for (const option of ['publisherName', 'endpoint', 'certificateProfileName', 'codeSigningAccountName']) expect(workflow).toContain(`-c.win.azureSignOptions.${option}=`);
    expect(workflow).toContain('CSC_LINK');
    expect(config.win.signExts).toContain('.node');
  });

  it('macOS: dmg and zip, hardened runtime with entitlements, notarized from the environment', () => {
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg', 'zip']);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true, entitlements: 'build/entitlements.mac.plist', entitlementsInherit: 'build/entitlements.mac.plist' });
    const plist = fs.readFileSync(path.join(ROOT, 'build', 'entitlements.mac.plist'), 'utf8');
    expect(plist).toContain('com.apple.security.cs.allow-jit');
    expect(plist).not.toContain('com.apple.security.device.camera');
  });

  it('Linux: AppImage and deb', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('keeps .node files out of the asar, does not rebuild native modules, flips fuses, publishes to the hub', () => {
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(false);
    expect(config.afterPack).toBe('./build/fuses.mjs');
    expect(fs.existsSync(path.join(ROOT, 'build', 'fuses.mjs'))).toBe(true);
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic', url: '${env.ZVIT_HUB_URL}/updates/stable' })]);
  });
});

describe('the fuses hook', () => {
  it('flips the fuses in the packed binary', async () => {
    const { default: afterPack, FUSES } = (await import(path.join(ROOT, 'build', 'fuses.mjs'))) as { default: (c: unknown) => Promise<void>; FUSES: Record<string, unknown> };
    const appOutDir = tempDir('zvit-fuses-');
    // A stand-in for the Electron binary: the sentinel, wire version 1, nine fuses as Electron
    // ships them (RunAsNode on, cookie encryption off, ...), inside other bytes.
    const shipped = '101100100';
    fs.writeFileSync(path.join(appOutDir, 'zvit'), Buffer.concat([Buffer.alloc(4096, 7), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 9]), Buffer.from(shipped), Buffer.alloc(4096, 7)]));
    await afterPack({ electronPlatformName: 'linux', appOutDir, packager: { executableName: 'zvit', appInfo: { productFilename: 'Zvit' } } });
    const wire = await getCurrentFuseWire(path.join(appOutDir, 'zvit'));
    const on = (option: FuseV1Options) => String.fromCharCode(wire[option] as number);
    expect(on(FuseV1Options.RunAsNode)).toBe('0');
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe('1');
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    // The rest as Electron shipped them.
    expect(on(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot)).toBe(shipped[6]);
    expect(Object.keys(FUSES)).toHaveLength(7);
  });
});

describe('the NSIS fleet preset', () => {
  it('writes the file the app reads: /HUB= /CODE= become zvit-preset.json beside Zvit.exe', () => {
    const script = fs.readFileSync(path.join(ROOT, 'build', 'installer.nsh'), 'utf8');
    expect(script).toContain('!macro customInstall');
    expect(script).toContain(`$INSTDIR\\${PRESET_FILE}`);
    // What the FileWrite lines produce for /HUB=https://hub.example.com /CODE=7K3M-Q9TX-B2RD.
    const written = [...script.matchAll(/FileWrite \$R4 '(.*)'/g)]
      .map((m) => m[1]!)
      .join('')
      .replace('$R1', 'https://hub.example.com')
      .replace('$R2', '7K3M-Q9TX-B2RD')
      .replace('$R3', 'stable')
      .replace('$\\r$\\n', '\r\n');
    const dir = tempDir('zvit-nsis-');
    fs.writeFileSync(path.join(dir, PRESET_FILE), written);
    expect(loadPreset({}, dir)).toMatchObject({ hubUrl: 'https://hub.example.com', code: '7K3M-Q9TX-B2RD', channel: 'stable' });
  });
});

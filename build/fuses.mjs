// electron-builder's afterPack hook: flips Electron's fuses in the packaged binary before it
// is signed (electronjs.org, security checklist §19). Node-mode and inspector switches off,
// cookies encrypted, and the app loads only from its own asar, whose integrity is checked.
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

export const FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
};

/** The Electron binary electron-builder just packed (the .app bundle on macOS). */
export function electronBinary(context) {
  const platform = context.electronPlatformName;
  const name = platform === 'linux' ? context.packager.executableName : context.packager.appInfo.productFilename;
  return path.join(context.appOutDir, `${name}${{ darwin: '.app', mas: '.app', win32: '.exe', linux: '' }[platform]}`);
}

export default async function afterPack(context) {
  // arm64 (and universal) Macs refuse a binary whose ad-hoc signature the flip invalidated,
  // until it is signed again; resetting it keeps unsigned test builds runnable.
  const resetAdHocDarwinSignature = context.electronPlatformName === 'darwin';
  await flipFuses(electronBinary(context), { ...FUSES, resetAdHocDarwinSignature });
}

import type {FileRule} from '../../core/rule.js';
import {d101RootUser} from './d101-root-user.js';
import {d102UserNotNumeric} from './d102-user-not-numeric.js';
import {d103ImageUntagged} from './d103-image-untagged.js';
import {d104ImageLatest} from './d104-image-latest.js';
import {d105ImageNotPinnedByDigest} from './d105-image-not-pinned-by-digest.js';
import {d106SecretInEnv} from './d106-secret-in-env.js';
import {d107AddInsteadOfCopy} from './d107-add-instead-of-copy.js';
import {d108AddRemoteUrl} from './d108-add-remote-url.js';
import {d109Sudo} from './d109-sudo.js';
import {d110AptInstallRecommends} from './d110-apt-install-recommends.js';
import {d111AptListsKept} from './d111-apt-lists-kept.js';
import {d112ApkCacheKept} from './d112-apk-cache-kept.js';
import {d113PipCacheKept} from './d113-pip-cache-kept.js';
import {d114PackageCacheKept} from './d114-package-cache-kept.js';
import {d115NoHealthcheck} from './d115-no-healthcheck.js';
import {d116ExposeSsh} from './d116-expose-ssh.js';
import {d117PipeToShell} from './d117-pipe-to-shell.js';
import {d118Pipefail} from './d118-pipefail.js';
import {d119NoDockerignore} from './d119-no-dockerignore.js';
import {d120WorldWritable} from './d120-world-writable.js';
import {d121ShellFormCmd} from './d121-shell-form-cmd.js';
import {d122UpdateAlone} from './d122-update-alone.js';
import {d123SetuidBit} from './d123-setuid-bit.js';
import {d124UnverifiedPackages} from './d124-unverified-packages.js';
import {d125MissingFrom} from './d125-missing-from.js';

/** The Dockerfile rules, in id order. */
export const dockerfileRules: FileRule<'dockerfile'>[] = [
  d101RootUser,
  d102UserNotNumeric,
  d103ImageUntagged,
  d104ImageLatest,
  d105ImageNotPinnedByDigest,
  d106SecretInEnv,
  d107AddInsteadOfCopy,
  d108AddRemoteUrl,
  d109Sudo,
  d110AptInstallRecommends,
  d111AptListsKept,
  d112ApkCacheKept,
  d113PipCacheKept,
  d114PackageCacheKept,
  d115NoHealthcheck,
  d116ExposeSsh,
  d117PipeToShell,
  d118Pipefail,
  d119NoDockerignore,
  d120WorldWritable,
  d121ShellFormCmd,
  d122UpdateAlone,
  d123SetuidBit,
  d124UnverifiedPackages,
  d125MissingFrom,
];

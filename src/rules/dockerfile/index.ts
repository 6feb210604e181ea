import type {Rule} from '../../core/rule.js';
import {d101RootUser} from './d101-root-user.js';
import {d102UserNotNumeric} from './d102-user-not-numeric.js';
import {d110AptInstallRecommends} from './d110-apt-install-recommends.js';
import {d111AptListsKept} from './d111-apt-lists-kept.js';
import {d112ApkCacheKept} from './d112-apk-cache-kept.js';
import {d113PipCacheKept} from './d113-pip-cache-kept.js';
import {d114PackageCacheKept} from './d114-package-cache-kept.js';

/** The Dockerfile rules, in id order. */
export const dockerfileRules: Rule<'dockerfile'>[] = [
  d101RootUser,
  d102UserNotNumeric,
  d110AptInstallRecommends,
  d111AptListsKept,
  d112ApkCacheKept,
  d113PipCacheKept,
  d114PackageCacheKept,
];

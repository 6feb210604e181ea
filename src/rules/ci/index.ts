import type {FileRule} from '../../core/rule.js';
import {p401NoImageScan} from './p401-no-image-scan.js';
import {p402DockerScanRetired} from './p402-docker-scan-retired.js';
import {p403UnsignedImages} from './p403-unsigned-images.js';

/** The pipeline rules, in id order. */
export const ciRules: FileRule<'ci'>[] = [p401NoImageScan, p402DockerScanRetired, p403UnsignedImages];

import {describe, expect, it} from 'vitest';
import {composeSize, heapOf, jvmMemoryLimit, parseSize} from '../../src/knowledge/jvm-memory.js';

const M = 1024 * 1024;

describe('JVM memory', () => {
  it('reads sizes as the JVM and Compose write them', () => {
    expect(parseSize('512m')).toBe(512 * M);
    expect(parseSize('1G')).toBe(1024 * M);
    expect(parseSize('1.5g')).toBe(1536 * M);
    expect(parseSize('2048')).toBe(2048);
    expect(parseSize('1gb')).toBe(1024 * M);
    expect(parseSize('lots')).toBeNull();
  });

  it('takes the last -Xmx or -XX:MaxHeapSize of a set of options, as the JVM does', () => {
    expect(heapOf('-Xms512m -Xmx1g -XX:+UseG1GC')).toBe(1024 * M);
    expect(heapOf('-Xmx1g -Xmx2g')).toBe(2048 * M);
    expect(heapOf('-XX:MaxHeapSize=768m')).toBe(768 * M);
    expect(heapOf('["java", "-Xmx256m", "-jar", "app.jar"]')).toBe(256 * M);
    expect(heapOf('-Xms1g -XX:MaxRAMPercentage=75')).toBeNull();
    expect(heapOf('-Dfoo=-Xmx1g')).toBeNull();
  });

  it('sizes a limit as heap + 10% + 512M, rounded up to 64M, and honours a heap share', () => {
    expect(jvmMemoryLimit(1024 * M)).toBe(1664);
    expect(jvmMemoryLimit(128 * M)).toBe(704);
    expect(jvmMemoryLimit(512 * M, 0.5)).toBe(1088);
    expect(jvmMemoryLimit(4096 * M, 0.5)).toBe(8192);
    expect(composeSize(1024)).toBe('1G');
    expect(composeSize(1664)).toBe('1664M');
  });
});

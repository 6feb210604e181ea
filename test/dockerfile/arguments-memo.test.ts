/** Each instruction keeps the arguments dockerfile-ast read (issue 11): the same answers, and callers cannot spoil them. */
import {describe, expect, it} from 'vitest';
import {parseDockerfile} from '../../src/formats/dockerfile/parse.js';

const text = 'FROM --platform=linux/amd64 node:20 AS build\nCOPY --chown=1000:1000 --link . /app\nRUN npm ci \\\n  && npm run build\nCMD ["node", "server.js"]\n';

describe('instruction arguments', () => {
  it('are the same at every call, flags shifted off anew each time', () => {
    const {ast} = parseDockerfile(text);
    for (const instruction of ast.getInstructions()) {
      const first = instruction.getArguments().map((a) => a.getValue());
      const again = instruction.getArguments();
      again.length = 0;
      expect(instruction.getArguments().map((a) => a.getValue())).toEqual(first);
    }
    const copy = ast.getInstructions()[1]!;
    expect(copy.getArguments().map((a) => a.getValue())).toEqual(['.', '/app']);
    expect(ast.getFROMs()[0]!.getImageName()).toBe('node');
  });
});

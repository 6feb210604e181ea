import {optionNamed} from '../../formats/commands/docker-cli.js';
import {fileVariable} from '../../knowledge/compose-images.js';
import {isLiteralSecret} from '../../knowledge/secrets.js';
import {at, commandRule, runDocs, WHERE} from './common.js';

/** Where the image's profile says it reads the value from a file, that is the way; else an env file. */
function advice(fileVar: string | null, name: string): string {
  const file = `/run/secrets/${name.toLowerCase()}`;
  return fileVar
    ? `The image reads ${fileVar}: keep the value in a git-ignored file, mount it (\`-v ./secrets/${name.toLowerCase()}:${file}:ro\`) and pass \`-e ${fileVar}=${file}\` instead; rotate the value.`
    : `The image is not known to read it from a file: move it to a git-ignored --env-file (\`--env-file ./secrets/app.env\`); rotate the value.`;
}

export const r504SecretInEnv = commandRule({
  id: 'R504',
  name: 'run-secret-in-env',
  severity: 'critical',
  title: 'Literal secret passed with -e',
  docs: runDocs({
    what: `Finds \`-e NAME=value\` / \`--env NAME=value\` options whose name says secret (\`DB_PASSWORD\`, \`API_TOKEN\`, \`AWS_ACCESS_KEY_ID\`) or whose value looks like a credential, with the value written out, ${WHERE}. \`-e NAME\` (taken from the caller's environment) and \`$VARIABLES\` are fine.`,
    why: 'The value is in the repository, in the shell history, in `ps` output of the host and in `docker inspect` of the container for everyone who can reach the daemon.',
    bad: 'docker run -d -e POSTGRES_PASSWORD=s3cr3t-Pa55 postgres:16',
    good: 'docker run -d --env-file ./secrets/db.env postgres:16\n# or, where the image reads *_FILE variables:\ndocker run -d -v ./secrets/db_password:/run/secrets/db_password:ro -e POSTGRES_PASSWORD_FILE=/run/secrets/db_password postgres:16',
    safety: 'No automatic fix: the value must move to a file outside the repository (`--env-file`, a mounted secret file with a `_FILE` variable, or `docker service create --secret` under Swarm), and the secret must be rotated since it was committed.',
  }),
  references: [],
  links: {'docker run: --env-file': 'https://docs.docker.com/reference/cli/docker/container/run/#env'},
  fix: null,
  *check(cmd, _ctx, locator) {
    for (const option of optionNamed(cmd, '--env')) {
      if (option.value === null || option.dynamic) continue;
      const eq = option.value.indexOf('=');
      if (eq <= 0) continue;
      const name = option.value.slice(0, eq);
      const value = option.value.slice(eq + 1);
      if (!isLiteralSecret(name, value)) continue;
      yield at(cmd, `${locator} > -e ${name}`, `\`${cmd.tool} ${cmd.verb}\` passes ${name} with its value written out: it is in the repository, the shell history and docker inspect`, {
        secrets: [value],
        advice: cmd.verb === 'service create'
          ? `Create it with \`docker secret create ${name.toLowerCase()} -\` and pass \`--secret ${name.toLowerCase()}\` (read from /run/secrets/${name.toLowerCase()}); rotate the value.`
          : advice(cmd.image && !cmd.image.dynamic ? fileVariable(cmd.image.value, name) : null, name),
      });
    }
  },
});

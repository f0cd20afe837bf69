#!/usr/bin/env bash
# Checks Dockerfile, .dockerignore, docker-compose.yml and the systemd unit without a Docker engine:
# what the image copies is what `bun run build` writes, the Bun pins agree, every COPY source exists
# and is in the build context, and the linters pass where they are installed.
#   .ci/check-dockerfile.sh                    static checks (seconds)
#   .ci/check-dockerfile.sh --simulate-build   also replays the build stage in a temp dir with only the files
#                                              the Dockerfile copies, and compares its executable with dist/tgcf-server
set -euo pipefail
cd "$(dirname "$0")/.."

failures=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; failures=$((failures + 1)); }
skip() { echo "skip $1"; }

# --- the executable the runtime stage copies is the one `bun run build` writes ----------------------
build_workdir=$(awk '/^FROM /{stage=$NF} stage=="build" && /^WORKDIR /{print $2}' Dockerfile | tail -1)
copied=$(awk '/^COPY --from=build /{print $3}' Dockerfile)
built=$(bun -e 'import { HOST_BINARY } from "./.ci/build.ts"; import { relative } from "node:path"; console.log(relative(process.cwd(), HOST_BINARY))')
if [ "$copied" = "$build_workdir/$built" ]; then ok "runtime copies $copied = build stage WORKDIR + $built (what bun run build writes)"
else bad "runtime copies '$copied' but bun run build writes '$build_workdir/$built'"; fi

# --- Bun pins: Dockerfile, .ci/run, the Bun here, package.json ---------------------------------------
# The build stage is FROM ${BUN_IMAGE}, whose default (ARG BUN_IMAGE=oven/bun:X) is the pin.
image_bun=$(sed -n 's/^ARG BUN_IMAGE=oven\/bun:\([^ ]*\)$/\1/p' Dockerfile)
if grep -q '^FROM ${BUN_IMAGE} AS build$' Dockerfile; then ok "the build stage is FROM \${BUN_IMAGE} (default oven/bun:$image_bun)"
else bad "the build stage is not FROM \${BUN_IMAGE}"; fi
ci_bun=$(sed -n 's/^BUN_VERSION=\(.*\)$/\1/p' .ci/run)
if [ -n "$image_bun" ] && [ "$image_bun" = "$ci_bun" ]; then ok "oven/bun:$image_bun matches .ci/run BUN_VERSION=$ci_bun"
else bad "oven/bun:'$image_bun' differs from .ci/run BUN_VERSION='$ci_bun'"; fi
if [ "$(bun --version)" = "$image_bun" ]; then ok "bun here is $image_bun too"; else bad "bun here is $(bun --version), the image pins $image_bun"; fi
package_bun=$(bun -e 'const p = await Bun.file("package.json").json(); console.log(p.engines?.bun ?? p.packageManager ?? "")')
case "$package_bun" in
  "") skip "package.json names no Bun version (no engines.bun, no packageManager): .ci/run's BUN_VERSION is the pin" ;;
  *"$image_bun"*) ok "package.json's Bun ($package_bun) matches" ;;
  *) bad "package.json says Bun $package_bun, the image pins $image_bun" ;;
esac

# --- the requirements the image leaves out are those a managed install leaves out ---------------------
image_skipped=$(sed -n 's/^ARG TGCF_SKIPPED_REQUIREMENTS="\(.*\)"$/\1/p' Dockerfile)
code_skipped=$(bun -e 'import { SKIPPED_REQUIREMENTS } from "./src/modules/tgcf-install/release.ts"; console.log(SKIPPED_REQUIREMENTS.join(" "))')
if [ -n "$image_skipped" ] && [ "$image_skipped" = "$code_skipped" ]; then ok "the image skips tgcf's requirements \"$image_skipped\", as release.ts's SKIPPED_REQUIREMENTS"
else bad "the Dockerfile's TGCF_SKIPPED_REQUIREMENTS ('$image_skipped') differs from release.ts's SKIPPED_REQUIREMENTS ('$code_skipped')"; fi
image_tgcf=$(sed -n 's/^ARG TGCF_VERSION=\(.*\)$/\1/p' Dockerfile)
code_tgcf=$(bun -e 'import { TGCF_MODEL_VERSION } from "./src/modules/tgcf-install/release.ts"; console.log(TGCF_MODEL_VERSION)')
if [ "$image_tgcf" = "$code_tgcf" ]; then ok "the image installs tgcf $image_tgcf, the release the config model describes"
else bad "the Dockerfile installs tgcf '$image_tgcf', the config model describes $code_tgcf"; fi

# --- every COPY source of the build stage exists and survives .dockerignore -------------------------
# shellcheck disable=SC2016 # the single quotes hold TypeScript, not shell
bun -e '
  const lines = (await Bun.file("Dockerfile").text()).split("\n");
  const ignore = (await Bun.file(".dockerignore").text()).split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  // Docker: patterns are anchored at the context root, the last matching one wins, "!" re-includes,
  // and a path is excluded when it or one of its parent directories is.
  const excluded = (path) => {
    let verdict = false;
    for (const raw of ignore) {
      const negated = raw.startsWith("!");
      const glob = new Bun.Glob(negated ? raw.slice(1) : raw);
      const parts = path.split("/");
      if (parts.some((_, i) => glob.match(parts.slice(0, i + 1).join("/")))) verdict = !negated;
    }
    return verdict;
  };
  let stage = "", failed = 0;
  for (const line of lines) {
    const from = /^FROM \S+ AS (\S+)/.exec(line);
    if (from) stage = from[1];
    const copy = /^COPY (?!--from)(.+)$/.exec(line);
    if (!copy) continue;
    const words = copy[1].trim().split(/\s+/);
    for (const source of words.slice(0, -1)) {
      const exists = await Bun.file(source).exists() || (await import("node:fs")).existsSync(source);
      const problem = !exists ? "does not exist" : excluded(source) ? "is excluded by .dockerignore" : null;
      console.log(problem ? `FAIL COPY ${source} (stage ${stage}) ${problem}` : `ok   COPY ${source} (stage ${stage}) exists and is in the build context`);
      if (problem) failed++;
    }
  }
  process.exit(failed ? 1 : 0);
' || failures=$((failures + 1))

# --- linters -----------------------------------------------------------------------------------------
if command -v hadolint >/dev/null 2>&1; then
  if hadolint Dockerfile; then ok "hadolint Dockerfile"; else bad "hadolint Dockerfile"; fi
else skip "hadolint not installed (not in Debian bookworm nor on npm; see the review in docs/deploy.md)"; fi
if command -v dockerfilelint >/dev/null 2>&1; then
  if dockerfilelint Dockerfile >/tmp/dockerfilelint.out 2>&1; then ok "dockerfilelint Dockerfile"; else cat /tmp/dockerfilelint.out; bad "dockerfilelint Dockerfile"; fi
else skip "dockerfilelint not installed (npm install -g dockerfilelint@1.8.0)"; fi

# --- docker-compose.yml -------------------------------------------------------------------------------
if bun -e 'import YAML from "yaml"; const d = YAML.parseDocument(await Bun.file("docker-compose.yml").text(), { uniqueKeys: true }); if (d.errors.length) { console.error(String(d.errors)); process.exit(1); } const s = d.toJS().services["tgcf-server"]; if (!s.volumes.some((v) => v.endsWith(":/data"))) process.exit(1);'
then ok "docker-compose.yml is YAML with the /data volume"; else bad "docker-compose.yml"; fi
compose=""
if docker compose version >/dev/null 2>&1; then compose="docker compose"; elif command -v docker-compose >/dev/null 2>&1; then compose="docker-compose"; fi
if [ -n "$compose" ]; then
  scratch=$(mktemp -d)
  cp docker-compose.yml Dockerfile "$scratch/" && cp deploy/.env.example "$scratch/.env"
  if (cd "$scratch" && $compose config --quiet); then ok "$compose config accepts docker-compose.yml"; else bad "$compose config"; fi
  rm -rf "$scratch"
else skip "no docker compose / docker-compose to validate docker-compose.yml against the Compose schema"; fi

# --- systemd unit -------------------------------------------------------------------------------------
if command -v systemd-analyze >/dev/null 2>&1; then
  scratch=$(mktemp -d)
  # verify insists that ExecStart exists: point it at a stand-in executable.
  sed "s#/usr/local/bin/tgcf-server#$scratch/tgcf-server#" deploy/systemd/tgcf-server.service >"$scratch/tgcf-server.service"
  cp "$(type -P true)" "$scratch/tgcf-server"
  if systemd-analyze verify "$scratch/tgcf-server.service"; then ok "systemd-analyze verify tgcf-server.service"; else bad "systemd-analyze verify"; fi
  rm -rf "$scratch"
else skip "systemd-analyze not installed"; fi

# --- optional: replay the build stage ----------------------------------------------------------------
# Same files, same commands, same commit as dist/tgcf-server (read from its --version); the result must be
# byte-identical to dist/tgcf-server, the file .ci/smoke-binary.ts tested (it wrote dist/tgcf-server.sha256).
if [ "${1:-}" = "--simulate-build" ]; then
  if [ ! -x dist/tgcf-server ]; then bad "no dist/tgcf-server to compare with: run bun .ci/smoke-binary.ts first"
  else
    commit=$(dist/tgcf-server --version | sed -n 's/^tgcf-server [^ ]* (\([^)]*\)).*/\1/p')
    scratch=$(mktemp -d)
    sources=$(awk '/^FROM /{stage=$NF} stage=="build" && /^COPY /{for (i = 2; i < NF; i++) print $i}' Dockerfile)
    for source in $sources; do mkdir -p "$scratch/$(dirname "$source")" && cp -R "$source" "$scratch/$source"; done
    if (cd "$scratch" && bun install --frozen-lockfile --production >/dev/null && TGCF_SERVER_COMMIT="$commit" bun run build >/dev/null); then
      here=$(sha256sum dist/tgcf-server | cut -d' ' -f1)
      replayed=$(sha256sum "$scratch/dist/tgcf-server" | cut -d' ' -f1)
      tested=$(cut -d' ' -f1 dist/tgcf-server.sha256 2>/dev/null || echo "none recorded")
      if [ "$here" = "$replayed" ]; then ok "the replayed build stage (commit $commit) makes dist/tgcf-server byte for byte: sha256 $here (smoke-tested: $tested)"
      else bad "replayed build stage: sha256 $replayed, dist/tgcf-server: $here (was the tree changed since dist/tgcf-server was built?)"; fi
    else bad "the build stage, replayed in $scratch, failed"; fi
    rm -rf "$scratch"
  fi
fi

if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all Dockerfile checks passed"

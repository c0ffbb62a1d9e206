# Sourced by benches/compare.sh and benches/families.sh: a writable copy of the peer baselines
# in target/baselines with their packages installed (re-installed only when the lock files
# change), and PIN, the taskset prefix that pins a command to core CPU. Expects root, REPS,
# CPU and PY to be set; sets src and dest.

src=${BASELINES:-$root/../shared/baselines}
dest=$root/target/baselines

[[ -f "$src/kdg-node/package-lock.json" ]] || {
  echo "no baselines at $src (set BASELINES=path)" >&2
  exit 1
}

# shared/ is read-only and `npm ci` writes node_modules, hence the copy.
mkdir -p "$dest"
chmod -R u+w "$dest"
tar -C "$src" --exclude=node_modules --exclude=.venv --exclude=results --exclude=__pycache__ \
  -cf - . | tar -C "$dest" -xf -
chmod -R u+w "$dest"
stamp() { sha256sum "$1" | cut -d' ' -f1; }
lock=$(stamp "$dest/kdg-node/package-lock.json")
if [[ "$(cat "$dest/kdg-node/node_modules/.fakeplate-stamp" 2>/dev/null)" != "$lock" ]]; then
  echo "== npm ci in $dest/kdg-node" >&2
  (cd "$dest/kdg-node" && npm ci --no-audit --no-fund >&2)
  echo "$lock" > "$dest/kdg-node/node_modules/.fakeplate-stamp"
fi
if [[ "$PY" == 1 ]]; then
  req=$(stamp "$dest/python-faker/requirements.txt")
  venv=$dest/python-faker/.venv
  if [[ "$(cat "$venv/.fakeplate-stamp" 2>/dev/null)" != "$req" ]]; then
    echo "== Python Faker into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r "$dest/python-faker/requirements.txt" >&2
    echo "$req" > "$venv/.fakeplate-stamp"
  fi
fi

PIN=()
if command -v taskset >/dev/null 2>&1; then PIN=(taskset -c "$CPU"); fi

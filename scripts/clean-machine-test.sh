#!/usr/bin/env bash
# Proves that the README's test command needs nothing but Node.js: `npm ci && npm test` on a
# clean clone inside a minimal Debian 12 chroot (debootstrap --variant=minbase: no chromium,
# openssl, jq, PostgreSQL, Redis, nginx, compilers), in a network namespace of its own with
# only loopback (the machine's PostgreSQL and Redis are unreachable, and so is the internet:
# npm installs from a copy of this machine's npm cache, --offline).
#
#   sudo scripts/clean-machine-test.sh [/srv/lt-chroot]      (Debian/Ubuntu host, as root)
set -euo pipefail
root=${1:-/srv/lt-chroot}
repo=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$root/bin/bash" ] || debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
# Node.js only: the host's binary and its npm.
install -D "$(readlink -f "$(command -v node)")" "$root/usr/local/bin/node"
rm -rf "$root/usr/local/lib/node_modules" && mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$root/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
# The package tarballs npm ci would download (fetched here, on the host, by an npm ci of the
# same clone), and a clean clone of what is committed.
rm -rf "$root/root/.npm" "$root/work" /tmp/lt-cache-fill && mkdir -p "$root/root" "$root/work"
git clone --quiet "$repo" /tmp/lt-cache-fill
(cd /tmp/lt-cache-fill && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
rm -rf /tmp/lt-cache-fill
cp -a "$HOME/.npm" "$root/root/.npm"
git clone --quiet "$repo" "$root/work/lien-thong"
for tool in chromium openssl jq psql pg_dump redis-server nginx gcc g++ make python3; do
  if chroot "$root" sh -c "command -v $tool" >/dev/null; then echo "unexpected in the chroot: $tool"; exit 1; fi
done
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
mountpoint -q "$root/dev" || mount --rbind /dev "$root/dev"
trap 'umount -l "$root/dev" "$root/proc" 2>/dev/null || true; ip link del lt-clean-h 2>/dev/null || true; ip netns del lt-clean 2>/dev/null || true' EXIT
ip netns del lt-clean 2>/dev/null || true
ip netns add lt-clean
ip netns exec lt-clean ip link set lo up
# A network card that leads nowhere (a veth whose host end has no address and no route):
# with loopback alone Chromium believes the machine offline from the start, and the browser
# test that takes the page offline and back sees no change.
ip link add lt-clean-h type veth peer name lt-clean-c netns lt-clean
sysctl -qw net.ipv6.conf.lt-clean-h.disable_ipv6=1
ip netns exec lt-clean sysctl -qw net.ipv6.conf.lt-clean-c.disable_ipv6=1
ip netns exec lt-clean ip addr add 10.255.0.1/24 dev lt-clean-c
ip netns exec lt-clean ip link set lt-clean-c up
ip link set lt-clean-h up
ip netns exec lt-clean chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
  bash -c 'cd /work/lien-thong && node --version && npm ci --offline --no-audit --no-fund && npm test'

#!/usr/bin/env bash
# Debian packages the project needs, for a fresh Debian 12 machine (as root):
# python3-zmq, libzmq3-dev: the interop peers and the benchmark's C peer;
# chromium: the browser the VS Code test hosts are driven in;
# ripgrep: stands in for the rg that VS Code's ripgrep package would download;
# iproute2: the network namespaces and veth pairs of the reliability suite's network cuts.
# tcpdump, wireshark-common (dumpcap): live wire capture of ZMTP (zmq-sessions capture) and its tests.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y python3-zmq chromium ripgrep libzmq3-dev iproute2 tcpdump wireshark-common </dev/null

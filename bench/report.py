#!/usr/bin/python3
"""bench/report.py OUT_DIR MACHINE: the results table (Markdown) of one bench/run.sh run."""
import json
import os
import re
import sys

out, machine = sys.argv[1], sys.argv[2]


def text(name):
    p = os.path.join(out, name)
    return open(p).read() if os.path.exists(p) else ""


def cmd(name):
    c = text(name + ".cmd").strip()
    # Paths of the temporary data dir and build dir are noise in a table.
    c = re.sub(r"/tmp/certgate-bench\.\w+/data", "$DATA", c)
    c = re.sub(r" --json \S+ --svg \S+", "", c)
    c = re.sub(r" --token \S+", " --token $TOKEN", c)
    c = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:$PORT", c)
    return "`" + c + "`" if c else "(not run)"


def run(name):
    p = os.path.join(out, name + ".json")
    return json.load(open(p)) if os.path.exists(p) else None


def per_s(txt, label):
    for line in txt.splitlines():
        if line.startswith(label):
            m = re.search(r"([\d.]+) /s", line)
            if m:
                return float(m.group(1))
    return None


def section(txt, header):
    i = txt.find(header)
    return txt[i:] if i >= 0 else ""


rows = []


def row(target, measured, ratio, ok, command):
    rows.append((target, measured, ratio, "met" if ok else ("**not met**" if ok is False else "n/a"), command))


def f0(x):
    return "—" if x is None else f"{x:,.0f}"


pb = text("proof_bench.txt")
pb_rsa = per_s(section(pb, "RSA ("), "parse + canonicalize x2 + verify")
pb_sig = per_s(section(pb, "RSA ("), "signature verify only")
vb = text("verify_bench.txt")
vb_unique = per_s(vb, "verifier::check, distinct")
vb_hot = per_s(vb, "verifier::check, 64-certificate")
vb_lookup = per_s(vb, "revocation lookup")
peer = None
m = re.search(r'"peer_verifies_per_s":([\d.]+)', text("peer.txt"))
if m:
    peer = float(m.group(1))
peer_corpus = None
m = re.search(r'"peer_verifies_per_s":([\d.]+)', text("peer_corpus.txt"))
if m:
    peer_corpus = float(m.group(1))

row("verify in-process, distinct certgate-issued RSA certificates (verifier core, 1 thread) >= 20,000/s",
    f0(vb_unique) + "/s", f"{vb_unique / 20000:.2f}x target" if vb_unique else "—",
    vb_unique is not None and vb_unique >= 20000, cmd("verify_bench"))
row("verify in-process, DIVOC's RSA certificate (proof check, 1 thread) >= 20,000/s",
    f0(pb_rsa) + "/s", f"{pb_rsa / 20000:.2f}x target" if pb_rsa else "—",
    pb_rsa is not None and pb_rsa >= 20000, cmd("proof_bench"))
if pb_rsa and peer:
    row("... >= 35x DIVOC's Node stack on the same certificate", f"{f0(pb_rsa)} vs {f0(peer)}/s",
        f"{pb_rsa / peer:.1f}x", pb_rsa / peer >= 35, cmd("peer"))
if vb_unique and peer_corpus:
    row("... >= 35x DIVOC's Node stack on the seeded corpus", f"{f0(vb_unique)} vs {f0(peer_corpus)}/s",
        f"{vb_unique / peer_corpus:.1f}x", vb_unique / peer_corpus >= 35, cmd("peer_corpus"))

base = run("baseline")
uniq = run("verify-unique")
rep = run("verify-repeat")
half = run("verify-unique-half-rate")
if base:
    row("HTTP ceiling: certgate listener, fixed JSON", f0(base["throughput"]) + "/s", "1.00", None,
        cmd("baseline") + " against " + cmd("baseline-server"))
for r, want, label in ((uniq, 0.3, "POST /verify, distinct certificates >= 0.3x ceiling"),
                       (rep, 0.8, "POST /verify, repeated scans (hot set 64) >= 0.8x ceiling")):
    if r and base:
        ratio = r["throughput"] / base["throughput"]
        server = cmd("serve-nocache" if r is uniq else "serve")
        row(label, f0(r["throughput"]) + "/s, errors " + str(r["errors"]), f"{ratio:.2f}x",
            ratio >= want and r["errors"] == 0, cmd(r["label"]) + " against " + server)
mix = run("verify-mix")
if mix:
    row("POST /verify, mix 70/10/10/10 valid/revoked/tampered/garbage", f0(mix["throughput"]) + "/s, status " +
        json.dumps(mix["status"]), f"{mix['throughput'] / base['throughput']:.2f}x" if base else "—", None, cmd("verify-mix"))
if half:
    p99 = half["latency_ms"]["p99"]
    row(f"p99 at half the max verify-unique rate ({half['rate']:.0f}/s open loop) <= 2 ms",
        f"p99 {p99:.3f} ms (p50 {half['latency_ms']['p50']:.3f}, p99.9 {half['latency_ms']['p99.9']:.3f}, achieved {f0(half['throughput'])}/s)",
        f"{p99 / 2:.2f}x limit", p99 <= 2 and half["errors"] == 0, cmd("verify-unique-half-rate"))
upd = run("update")
if upd:
    ok200 = upd["status"].get("200", 0)
    per = ok200 * 100 / upd["elapsed_s"] if upd["elapsed_s"] else 0
    row("update: durable updates/s (100 items/request, RSA, synced WAL) >= 3,000",
        f"{f0(per)}/s ({f0(upd['throughput'])} requests/s, status {json.dumps(upd['status'])})",
        f"{per / 3000:.2f}x target", per >= 3000 and upd["errors"] == 0, cmd("update"))
cer = run("certify")
if cer:
    ok200 = cer["status"].get("200", 0)
    per = ok200 * 100 / cer["elapsed_s"] if cer["elapsed_s"] else 0
    row("certify: certificates/s (100 items/request)", f"{f0(per)}/s (status {json.dumps(cer['status'])})",
        "—", None, cmd("certify"))
crl = run("crl-delta")
if crl:
    row("GET /crl/v1/delta", f"{f0(crl['throughput'])}/s (status {json.dumps(crl['status'])})", "—", None, cmd("crl-delta"))
row("revocation lookup (1M revoked) >= 2,000,000/s per core", f0(vb_lookup) + "/s",
    f"{vb_lookup / 2e6:.2f}x target" if vb_lookup else "—", vb_lookup is not None and vb_lookup >= 2e6, cmd("verify_bench"))
row("start-up with 10M revocations <= 10 s, <= 1.5 GB RSS", "see bench/crl-scale.sh", "—", None, "`bench/crl-scale.sh`")

print(f"## bench/run.sh, {os.path.basename(out)}\n")
print(f"Machine: {machine}. {text('machine.txt').splitlines()[-1] if text('machine.txt') else ''}\n")
print("Client (certgate-bench) and server share the machine; ratios are within this run.\n")
print("| target | measured | ratio | status | command |")
print("|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
if pb_sig:
    print(f"\nRSA-2048 PS256 signature verification alone (proof_bench): {f0(pb_sig)}/s on one thread.")

//! `FAKEPLATE_SKIP_PEERS=1` at build time sets the cfg `fakeplate_skip_peers`, which marks the
//! tests that need a peer (moto, tansu) ignored, so that the harness lists them as ignored
//! rather than failing them or counting them as passed (see `tests/support/peers.rs`).
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=FAKEPLATE_SKIP_PEERS");
    println!("cargo::rustc-check-cfg=cfg(fakeplate_skip_peers)");
    if std::env::var_os("FAKEPLATE_SKIP_PEERS").is_some_and(|v| v == "1") {
        println!("cargo::rustc-cfg=fakeplate_skip_peers");
    }
}

//! Feeds arbitrary bytes to the Query API's form decoder as a request body, then reads it the
//! way the operations do (typed members, lists, structures, tags): every read must answer a
//! value or an AWS error, never panic.
#![no_main]

use latchkey_wire::form::Params;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let params = Params::decode(data);
    for name in ["Action", "UserName", "MaxItems", "DurationSeconds", "Marker"] {
        let _ = params.get(name);
        let _ = params.required(name);
        let _ = params.bool(name);
        let _ = params.u32(name);
        let _ = params.i64(name);
    }
    let _ = params.list("PolicyArns");
    let _ = params.list_of("PolicyArns", "arn");
    let _ = params.list_of("Tags", "Key");
    let _ = params.tags();
});

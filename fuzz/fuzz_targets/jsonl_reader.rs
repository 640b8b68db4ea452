//! The JSONL reader and field extraction on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use veille::corpus::jsonl::JsonlRecords;

fuzz_target!(|data: &[u8]| {
    let fields = ["title".to_string(), "text".to_string()];
    for rec in JsonlRecords::new(data, "fuzz.jsonl".to_string()) {
        match rec {
            Ok(r) => {
                let _ = r.text_of(&fields);
                let _ = r.labels("themes", false);
                let _ = r.id();
                let _ = r.opt_str("date");
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
});

//! The CSV reader and field extraction on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use veille::corpus::csv_reader::read_csv;

fuzz_target!(|data: &[u8]| {
    let fields = ["title".to_string(), "text".to_string()];
    let records = read_csv(
        Box::new(std::io::Cursor::new(data.to_vec())),
        "fuzz.csv".into(),
    );
    for rec in records {
        match rec {
            Ok(r) => {
                let _ = r.text_of(&fields);
                let _ = r.labels("themes", true);
                let _ = r.id();
                let _ = r.opt_str("date");
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
});

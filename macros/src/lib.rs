//! `#[boundary]` marks a type that crosses the JS boundary: on wasm32 it derives the type's
//! TypeScript declaration (tsify), as every report and options type needs, in one line instead
//! of the five-line attribute it stands for:
//!
//! ```text
//! #[cfg_attr(
//!     target_arch = "wasm32",
//!     derive(tsify::Tsify),
//!     tsify(missing_as_null, hashmap_as_object)
//! )]
//! ```
//!
//! `missing_as_null`: an `Option` field is `T | null` in TypeScript, as serde-wasm-bindgen's
//! JSON-compatible serializer writes `None`; `hashmap_as_object`: a map is a plain object
//! (`Record<K, V>`), not a JS `Map`. The serde derives and attributes stay on the type as they
//! are: tsify reads them (field names, `flatten`, `untagged`, ...).
//!
//! Put it before the `#[derive(...)]` line. Plain `proc_macro`, no dependencies: the attribute
//! is prepended to the item's own tokens, which keep their spans for error messages.

use proc_macro::TokenStream;

/// The attribute `#[boundary]` stands for.
const TSIFY: &str = r#"#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]"#;

/// See the crate documentation.
#[proc_macro_attribute]
pub fn boundary(args: TokenStream, item: TokenStream) -> TokenStream {
    let head = if args.is_empty() {
        TSIFY
    } else {
        r##"::core::compile_error!("#[boundary] takes no arguments");"##
    };
    let mut out: TokenStream = head.parse().expect("a valid attribute");
    out.extend(item);
    out
}

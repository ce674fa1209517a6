//! Placeholder: this reader is being written.

use crate::{Dataset, ReadError};

/// Reads every data set in the file.
pub fn read(_bytes: &[u8]) -> Result<Vec<Dataset>, ReadError> {
    Err(ReadError::new("this file format is not supported yet"))
}

//! The BIN (business identification number, `БСН`): 12 digits, the last a check digit computed as
//! for the IIN. Only the check is here; what the first eleven digits encode (registration month,
//! entity type) is not checked, so a made-up sample number can pass (orgs/sample.toml).

/// Why a string is not a BIN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BinError {
    #[error("length: a BIN has 12 digits, found {found} characters")]
    Length { found: usize },
    #[error("digits: a BIN has only digits, found {found:?} at position {position}")]
    NotDigit { position: usize, found: char },
    #[error("check digit: the 12th digit should be {expected}, found {found}")]
    CheckDigit { expected: u8, found: u8 },
    #[error(
        "check digit: both weighted sums of the first 11 digits give 10 (mod 11), so no valid BIN starts with them"
    )]
    NoCheckDigit,
}

/// The check digit for the first eleven digits, `None` when the algorithm rejects them: weights
/// 1..=11, sum mod 11; if that is 10, weights 3..=11,1,2 and sum mod 11 again; 10 twice = invalid.
pub fn check_digit(first: &[u8; 11]) -> Option<u8> {
    let weighted =
        |weights: [u32; 11]| -> u32 { first.iter().zip(weights).map(|(&d, w)| u32::from(d) * w).sum::<u32>() % 11 };
    let mut c = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    if c == 10 {
        c = weighted([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
    }
    (c < 10).then_some(c as u8)
}

/// Checks a BIN as written in a profile: exactly 12 ASCII digits (no spaces), check digit right.
pub fn check(value: &str) -> Result<(), BinError> {
    let found = value.chars().count();
    if found != 12 {
        return Err(BinError::Length { found });
    }
    let mut digits = [0u8; 12];
    for (i, c) in value.chars().enumerate() {
        match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => digits[i] = d as u8,
            _ => return Err(BinError::NotDigit { position: i + 1, found: c }),
        }
    }
    let first: [u8; 11] = digits[..11].try_into().expect("11 digits");
    match check_digit(&first) {
        None => Err(BinError::NoCheckDigit),
        Some(expected) if expected != digits[11] => Err(BinError::CheckDigit { expected, found: digits[11] }),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_bin_passes_on_the_second_sum() {
        // 1 2 3 4 5 6 7 8 9 0 1 × 1..11 = 1+4+9+16+25+36+49+64+81+0+11 = 296; 296 mod 11 = 10,
        // so weights 3..11,1,2: 3+8+15+24+35+48+63+80+99+0+2 = 377; 377 mod 11 = 3 → 12th digit 3.
        assert_eq!(check("123456789013"), Ok(()));
        assert_eq!(check("123456789012"), Err(BinError::CheckDigit { expected: 3, found: 2 }));
    }

    #[test]
    fn a_bin_passing_on_the_first_sum() {
        // 1×1 + 1×11 = 12; 12 mod 11 = 1 → 12th digit 1.
        assert_eq!(check("100000000011"), Ok(()));
        assert_eq!(check("100000000010"), Err(BinError::CheckDigit { expected: 1, found: 0 }));
        // All zeros: sum 0 → check digit 0. Valid by the algorithm (a placeholder, not a real BIN).
        assert_eq!(check("000000000000"), Ok(()));
    }

    #[test]
    fn eleven_digits_without_a_check_digit() {
        // 1 2 3 4 5 6 7 0 0 9 7 × 1..11 = 1+4+9+16+25+36+49+0+0+90+77 = 307; 307 mod 11 = 10;
        // × 3..11,1,2 = 3+8+15+24+35+48+63+0+0+9+14 = 219; 219 mod 11 = 10 → no 12th digit fits.
        assert_eq!(check_digit(&[1, 2, 3, 4, 5, 6, 7, 0, 0, 9, 7]), None);
        for last in 0..=9 {
            assert_eq!(check(&format!("12345670097{last}")), Err(BinError::NoCheckDigit));
        }
    }

    #[test]
    fn length_and_digits_are_checked_first() {
        assert_eq!(check("12345678901"), Err(BinError::Length { found: 11 }));
        assert_eq!(check("1234 5678 9013"), Err(BinError::Length { found: 14 }));
        assert_eq!(check(""), Err(BinError::Length { found: 0 }));
        assert_eq!(check("12345678901А"), Err(BinError::NotDigit { position: 12, found: 'А' }));
        assert_eq!(check("１２３４５６７８９０１３"), Err(BinError::NotDigit { position: 1, found: '１' }));
    }

    #[test]
    fn messages_say_which_rule_failed() {
        assert_eq!(
            BinError::CheckDigit { expected: 3, found: 2 }.to_string(),
            "check digit: the 12th digit should be 3, found 2"
        );
        assert_eq!(BinError::Length { found: 11 }.to_string(), "length: a BIN has 12 digits, found 11 characters");
    }
}

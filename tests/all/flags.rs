//! `flags!` through a real component (flags of 1, 5, 12 and 32 members,
//! one, one, two and four bytes in memory), and the declared type's set
//! operations, masking, `Debug` and type checks.

#![deny(warnings)]

use crate::support::derive::{echo, host_mismatch};
use anyhow::Result;
use hoist::component::{flags, ComponentType, Type};
use std::collections::HashSet;

flags! {
    /// One flag.
    Single {
        const ONLY;
    }

    /// File permissions, with a renamed member and extra derives.
    #[derive(Default, PartialOrd, Ord)]
    pub(crate) Permissions {
        /// Reading.
        #[component(name = "read")]
        const READ;
        const WRITE;
        const EXEC;
        #[component(name = "SET-uid")]
        const SET_UID;
        const STICKY_BIT;
    }

    /// Twelve flags: two bytes.
    Twelve {
        const A0; const A1; const A2; const A3; const A4; const A5;
        const A6; const A7; const A8; const A9; const A10; const A11;
    }

    /// Thirty-two flags: the most one `flags` type has.
    ThirtyTwo {
        const B0; const B1; const B2; const B3; const B4; const B5; const B6; const B7;
        const B8; const B9; const B10; const B11; const B12; const B13; const B14; const B15;
        const B16; const B17; const B18; const B19; const B20; const B21; const B22; const B23;
        const B24; const B25; const B26; const B27; const B28; const B29; const B30; const B31;
    }
}

fn names(prefix: &str, count: usize) -> Vec<String> {
    (0..count).map(|i| format!("{prefix}{i}")).collect()
}

fn permissions_type() -> Result<Type> {
    Type::flags(["read", "write", "exec", "SET-uid", "sticky-bit"])
}

#[test]
fn flags_of_1_5_12_and_32_members_round_trip() -> Result<()> {
    let single = Type::flags(["only"])?;
    echo(&single, &[Single::empty(), Single::ONLY])?;
    echo(&Type::list(single)?, &[vec![Single::ONLY, Single::empty()]])?;

    let perms = [
        Permissions::empty(),
        Permissions::READ,
        Permissions::WRITE | Permissions::STICKY_BIT,
        Permissions::all(),
    ];
    echo(&permissions_type()?, &perms)?;
    echo(&Type::list(permissions_type()?)?, &[perms.to_vec()])?;

    let twelve = Type::flags(names("a", 12))?;
    let values = [
        Twelve::empty(),
        Twelve::A0 | Twelve::A11,
        Twelve::A8,
        Twelve::all(),
    ];
    echo(&twelve, &values)?;
    echo(&Type::list(twelve)?, &[values.to_vec()])?;

    let thirty_two = Type::flags(names("b", 32))?;
    let values = [
        ThirtyTwo::empty(),
        ThirtyTwo::B31,
        ThirtyTwo::B0 | ThirtyTwo::B16 | ThirtyTwo::B31,
        ThirtyTwo::all(),
    ];
    echo(&thirty_two, &values)?;
    echo(&Type::list(thirty_two)?, &[values.to_vec()])?;
    // In a record, next to other fields.
    echo(
        &Type::tuple([Type::U8, permissions_type()?, Type::flags(names("b", 32))?])?,
        &[(7u8, Permissions::EXEC, ThirtyTwo::B30)],
    )
}

#[test]
fn sizes_follow_the_member_count() -> Result<()> {
    // The canonical ABI stores flags in 1, 2 or 4 bytes.
    assert_eq!(Type::flags(["only"])?.size(), 1);
    assert_eq!(permissions_type()?.size(), 1);
    assert_eq!(Type::flags(names("a", 12))?.size(), 2);
    assert_eq!(Type::flags(names("b", 32))?.size(), 4);
    // And the Rust types are as small.
    assert_eq!(size_of::<Single>(), 1);
    assert_eq!(size_of::<Permissions>(), 1);
    assert_eq!(size_of::<Twelve>(), 2);
    assert_eq!(size_of::<ThirtyTwo>(), 4);
    Ok(())
}

#[test]
fn set_operations_stay_within_the_members() {
    use Permissions as P;
    assert_eq!(!P::empty(), P::all());
    assert_eq!(!P::all(), P::empty());
    assert_eq!(!P::READ, P::WRITE | P::EXEC | P::SET_UID | P::STICKY_BIT);
    assert_eq!(!!P::READ, P::READ);
    assert_eq!(!Single::empty(), Single::ONLY);
    assert_eq!(!Single::ONLY, Single::empty());
    assert_eq!(!Twelve::empty(), Twelve::all());
    assert_eq!(!ThirtyTwo::empty(), ThirtyTwo::all());
    assert_eq!(!ThirtyTwo::B31 | ThirtyTwo::B31, ThirtyTwo::all());

    let rw = P::READ | P::WRITE;
    assert_eq!(rw & P::WRITE, P::WRITE);
    assert_eq!(rw ^ P::all(), P::EXEC | P::SET_UID | P::STICKY_BIT);
    assert!(rw.contains(P::READ) && rw.contains(rw) && rw.contains(P::empty()));
    assert!(!rw.contains(P::EXEC) && !rw.contains(P::all()));
    assert!(P::empty().is_empty() && !rw.is_empty());
    assert_eq!(P::default(), P::empty());

    let mut p = P::READ;
    p |= P::EXEC;
    assert_eq!(p, P::READ | P::EXEC);
    p &= P::EXEC | P::WRITE;
    assert_eq!(p, P::EXEC);
    p ^= P::all();
    assert_eq!(p, !P::EXEC);
    p &= !P::READ;
    assert_eq!(p, P::WRITE | P::SET_UID | P::STICKY_BIT);

    // Extra derives and the standard ones.
    assert!(P::READ < P::WRITE);
    let set: HashSet<P> = [P::READ, P::READ, rw].into_iter().collect();
    assert_eq!(set.len(), 2);
    const CONST_ALL: Permissions = Permissions::all();
    assert!(CONST_ALL.contains(Permissions::STICKY_BIT));
}

#[test]
fn debug_lists_the_members_set() {
    assert_eq!(
        format!("{:?}", Permissions::READ | Permissions::WRITE),
        "Permissions(READ | WRITE)"
    );
    assert_eq!(format!("{:?}", Permissions::empty()), "Permissions()");
    assert_eq!(
        format!("{:?}", Permissions::all()),
        "Permissions(READ | WRITE | EXEC | SET_UID | STICKY_BIT)"
    );
    assert_eq!(format!("{:?}", Single::ONLY), "Single(ONLY)");
    assert_eq!(
        format!("{:?}", ThirtyTwo::B31 | ThirtyTwo::B0),
        "ThirtyTwo(B0 | B31)"
    );
}

#[test]
fn type_checks_compare_the_names_in_order() -> Result<()> {
    Permissions::typecheck(&permissions_type()?)?;
    let swapped = Type::flags(["write", "read", "exec", "SET-uid", "sticky-bit"])?;
    let message = "expected `flags { write, read, exec, SET-uid, sticky-bit }`, found Rust type \
                   `Permissions` with flags `read`, `write`, `exec`, `SET-uid`, `sticky-bit`";
    assert_eq!(
        Permissions::typecheck(&swapped).unwrap_err().to_string(),
        message
    );
    let err = host_mismatch::<Permissions>(&swapped)?;
    assert!(err.contains(message), "{err}");
    let err = Single::typecheck(&Type::U8).unwrap_err();
    assert_eq!(err.to_string(), "expected `u8`, found Rust type `Single`");
    let err = Twelve::typecheck(&Type::flags(names("a", 11))?).unwrap_err();
    assert!(
        err.to_string().starts_with("expected `flags { a0,"),
        "{err}"
    );
    Ok(())
}

#[test]
fn lifting_drops_bits_beyond_the_members() -> Result<()> {
    use hoist::component::__internal::{AbiOptions, LiftContext};
    use hoist::component::Lift;
    use hoist::ValRaw;
    let opts = AbiOptions::default();
    let cx = LiftContext::new(&[], &opts);
    let ty = permissions_type()?;
    let lifted = Permissions::lift(&cx, &ty, &[ValRaw::i32(-1)])?;
    assert_eq!(lifted, Permissions::all());
    assert_eq!(!lifted, Permissions::empty());
    let loaded = Twelve::load(&cx, &Type::flags(names("a", 12))?, &[0xff, 0xff])?;
    assert_eq!(loaded, Twelve::all());
    Ok(())
}

//! The derives and `flags!` named by their full paths, from a crate that
//! depends on `hoist` alone and imports nothing.

#[derive(hoist::component::ComponentType, hoist::component::Lift, hoist::component::Lower)]
#[component(record)]
struct Point<T> {
    x: T,
    y: T,
}

#[derive(hoist::component::ComponentType, hoist::component::Lift, hoist::component::Lower)]
#[component(variant)]
enum Shape {
    Dot(Point<f32>),
    Nothing,
}

#[derive(hoist::component::ComponentType, hoist::component::Lift, hoist::component::Lower)]
#[component(enum)]
enum Color {
    Red,
}

hoist::component::flags! {
    Perms {
        const READ;
    }
}

/// Borrowed fields and const generics: lowered only.
#[derive(hoist::component::ComponentType, hoist::component::Lower)]
#[component(record)]
struct Borrowed<'a, const N: usize> {
    name: &'a str,
    items: &'a [u32],
}

// Local names that the generated code must not trip over.
#[allow(dead_code, non_camel_case_types)]
mod shadowing {
    type Result = ();
    type Option = ();
    type u32 = ();
    type str = ();

    #[derive(hoist::component::ComponentType, hoist::component::Lift, hoist::component::Lower)]
    #[component(record)]
    struct Inner {
        ty: core::primitive::u32,
    }

    #[derive(hoist::component::ComponentType, hoist::component::Lift, hoist::component::Lower)]
    #[component(variant)]
    enum Cases {
        Ok(Inner),
        Err,
    }

    hoist::component::flags! {
        Bits {
            const A;
        }
    }
}

fn assert_traits<T: hoist::component::Lift + hoist::component::Lower>() {}

fn assert_lower<T: hoist::component::Lower>() {}

fn main() {
    assert_lower::<Borrowed<'static, 2>>();
    assert_traits::<Point<u8>>();
    assert_traits::<Shape>();
    assert_traits::<Color>();
    assert_traits::<Perms>();
}

use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(variant)]
#[component(enum)]
enum Color {
    Red,
    Blue,
}

fn main() {}

use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(enum)]
enum Color {
    Red,
    Custom(u32),
    Blue,
}

fn main() {}

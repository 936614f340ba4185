use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(record)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}

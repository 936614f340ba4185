use hoist::component::{ComponentType, Lift, Lower};

#[derive(ComponentType, Lift, Lower)]
#[component(record)]
struct Nothing;

#[derive(ComponentType, Lift, Lower)]
#[component(record)]
struct Empty {}

fn main() {}

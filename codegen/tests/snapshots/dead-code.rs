/// The exports of an instance of world `imports`, with the functions to link its imports and to instantiate it.
pub struct Imports {
    instance: ::hoist::component::Instance,
}
impl Imports {
    /// Registers everything world `imports` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::a::b::interface_with_live_type::Host
            + self::a::b::interface_with_dead_type::Host,
    {
        self::a::b::interface_with_live_type::add_to_linker(linker, get)?;
        self::a::b::interface_with_dead_type::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `imports`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `imports`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `imports` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        ::core::result::Result::Ok(Self { instance: instance.clone() })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
}
#[allow(clippy::all)]
pub mod a {
    //! Bindings generated from WIT, for `a`.
    pub mod b {
        //! Bindings generated from WIT, for `a/b`.
        pub mod interface_with_live_type {
            //! Bindings generated from WIT, for `a/b/interface_with_live_type`.
            /// The WIT type `live-type`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(record)]
            #[derive(Clone, Debug, PartialEq, Copy, Eq)]
            pub struct LiveType {
                /// The field `a`.
                pub a: u32,
            }
            /// The host's implementation of the imported interface `a:b/interface-with-live-type`.
            pub trait Host {
                /// The WIT function `f`.
                fn f(&mut self) -> ::hoist::anyhow::Result<LiveType>;
            }
            /// Registers the functions of `a:b/interface-with-live-type` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("a:b/interface-with-live-type")?;
                inst.func_wrap(
                    "f",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(LiveType,)> {
                        let host = get(caller.data_mut());
                        let r = Host::f(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                ::core::result::Result::Ok(())
            }
        }
        pub mod interface_with_dead_type {
            //! Bindings generated from WIT, for `a/b/interface_with_dead_type`.
            /// The WIT type `live-type`.
            pub use super::super::super::a::b::interface_with_live_type::LiveType;
            /// The WIT type `dead-type`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(record)]
            #[derive(Clone, Debug, PartialEq, Copy, Eq)]
            pub struct DeadType {
                /// The field `a`.
                pub a: u32,
            }
            /// The WIT type `v`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(variant)]
            #[derive(Clone, Debug, PartialEq, Copy, Eq)]
            pub enum V {
                /// The case `a`.
                #[component(name = "a")]
                A(LiveType),
                /// The case `b`.
                #[component(name = "b")]
                B(DeadType),
            }
            /// The host's implementation of the imported interface `a:b/interface-with-dead-type`.
            pub trait Host {}
            /// Registers the functions of `a:b/interface-with-dead-type` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let _ = get;
                let mut root = linker.root();
                root.instance("a:b/interface-with-dead-type")?;
                ::core::result::Result::Ok(())
            }
        }
    }
}

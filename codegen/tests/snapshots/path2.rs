/// The exports of an instance of world `path2`, with the functions to link its imports and to instantiate it.
pub struct Path2 {
    instance: ::hoist::component::Instance,
}
impl Path2 {
    /// Registers everything world `path2` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::paths::path2::test::Host,
    {
        self::paths::path2::test::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `path2`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `path2`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `path2` in an already created `instance`.
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
pub mod paths {
    //! Bindings generated from WIT, for `paths`.
    pub mod path2 {
        //! Bindings generated from WIT, for `paths/path2`.
        pub mod test {
            //! Bindings generated from WIT, for `paths/path2/test`.
            /// The host's implementation of the imported interface `paths:path2/test`.
            pub trait Host {}
            /// Registers the functions of `paths:path2/test` in `linker`, calling the `Host` reached from the store data through `get`.
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
                root.instance("paths:path2/test")?;
                ::core::result::Result::Ok(())
            }
        }
    }
}

/// The host's implementation of the functions world `host` imports directly.
pub trait HostImports {
    /// The WIT function `foo`.
    fn foo(&mut self) -> ::hoist::anyhow::Result<()>;
}
/// The exports of an instance of world `host`, with the functions to link its imports and to instantiate it.
pub struct Host {
    instance: ::hoist::component::Instance,
}
impl Host {
    /// Registers everything world `host` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: HostImports,
    {
        Self::add_root_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Registers the functions world `host` imports directly in the root of `linker`.
    pub fn add_root_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: HostImports,
    {
        let mut inst = linker.root();
        inst.func_wrap(
            "foo",
            move |
                mut caller: ::hoist::StoreContextMut<'_, T_>,
                (): (),
            | -> ::hoist::anyhow::Result<()> {
                let host = get(caller.data_mut());
                let r = HostImports::foo(host)?;
                ::core::result::Result::Ok(r)
            },
        )?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `host`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `host`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `host` in an already created `instance`.
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
